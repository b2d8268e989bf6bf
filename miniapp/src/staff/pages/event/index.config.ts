export default definePageConfig({ navigationBarTitleText: '沟通会现场数据' });
