export default definePageConfig({ navigationBarTitleText: '摊位模式' });
