export default definePageConfig({ navigationBarTitleText: '驿站问题待办' });
