export default definePageConfig({ navigationBarTitleText: '理赔规则' });
