export default definePageConfig({ navigationBarTitleText: '待检查驿站' });
