export default definePageConfig({ navigationBarTitleText: '义务监督员' });
