// load the next, farther page well before the last row: riders scroll fast
export default definePageConfig({ navigationBarTitleText: '附近驿站', onReachBottomDistance: 200 });
