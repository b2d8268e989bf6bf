export default definePageConfig({ navigationBarTitleText: '我监督的驿站' });
