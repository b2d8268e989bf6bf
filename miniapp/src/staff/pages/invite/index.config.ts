export default definePageConfig({ navigationBarTitleText: '工作人员与邀请' });
