export default definePageConfig({ navigationBarTitleText: '沟通会' });
