/** The 义务监督 pages (their own subpackage, `supervise`: workers who are not supervisors never load them). */
export const superviseUrls = {
  myStations: '/supervise/pages/stations/index',
  inspect: (stationId: string) => `/supervise/pages/inspect/index?id=${stationId}`,
  history: (stationId: string) => `/supervise/pages/inspections/index?id=${stationId}`,
  inspection: (inspectionId: string) => `/supervise/pages/inspection/index?id=${inspectionId}`,
};
