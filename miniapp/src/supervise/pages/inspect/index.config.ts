export default definePageConfig({ navigationBarTitleText: '检查驿站' });
