export default definePageConfig({ navigationBarTitleText: '门口二维码' });
