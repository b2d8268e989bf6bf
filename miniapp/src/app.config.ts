export default defineAppConfig({
  pages: [
    'pages/stations/index',
    'pages/join/index',
    'pages/activities/index',
    'pages/me/index',
    'pages/station/index',
    'pages/join-form/index',
    'pages/member-card/index',
    'pages/my-signups/index',
    'pages/privacy/index',
    'pages/my-privacy/index',
  ],
  // staff-only pages live in a subpackage so the workers' main package stays small (≤ 2 MB)
  subPackages: [
    {
      root: 'staff',
      pages: [
        'pages/scope/index',
        'pages/reports/index',
        'pages/join-codes/index',
        'pages/poster/index',
        'pages/members/index',
        'pages/activities/index',
        'pages/activity/index',
        'pages/stall/index',
        'pages/publish/index',
        'pages/invite/index',
        'pages/accept-invite/index',
        'pages/audit/index',
        'pages/stations/index',
        'pages/station-edit/index',
        'pages/station-import/index',
        'pages/orgs/index',
        'pages/events/index',
        'pages/event-edit/index',
        'pages/event/index',
        'pages/figures/index',
        'pages/door-poster/index',
        'pages/station-supervisors/index',
        'pages/station-visits/index',
        'pages/inspections-due/index',
        // 理赔审核, one claim, a plan's 理赔规则 (issue 15)
        'pages/claims/index',
        'pages/claim/index',
        'pages/claim-rules/index',
      ],
    },
    // 我的 → 消息: opened from 我的, so it need not weigh on the first load
    { root: 'inbox', pages: ['pages/messages/index'] },
    // 我的 → 我监督的驿站, 检查驿站 and its record: only volunteer supervisors open them (issue 14)
    { root: 'supervise', pages: ['pages/stations/index', 'pages/inspect/index', 'pages/inspections/index', 'pages/inspection/index'] },
    // 申请理赔, one claim, 我的 → 我的理赔: only members filing a claim open them (issue 15); 摇号公示 (a draw's published order)
    { root: 'care', pages: ['pages/claim-start/index', 'pages/claim/index', 'pages/my-claims/index', 'pages/draw/index'] },
  ],
  window: {
    navigationBarTitleText: '工会服务',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f6f6',
  },
  tabBar: {
    color: '#555555', // 7.5:1 on white, for reading outdoors
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/stations/index',
        text: '驿站',
        iconPath: 'assets/tab/station.png',
        selectedIconPath: 'assets/tab/station-active.png',
      },
      { pagePath: 'pages/join/index', text: '入会', iconPath: 'assets/tab/join.png', selectedIconPath: 'assets/tab/join-active.png' },
      {
        pagePath: 'pages/activities/index',
        text: '活动',
        iconPath: 'assets/tab/activities.png',
        selectedIconPath: 'assets/tab/activities-active.png',
      },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
  permission: {
    'scope.userLocation': { desc: '用于查找离您最近的驿站，不保存您的位置' },
  },
  requiredPrivateInfos: ['getLocation'],
});
