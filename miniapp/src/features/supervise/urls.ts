/** The 义务监督 pages (their own subpackage, `supervise`: workers who are not supervisors never load them). */
export const superviseUrls = {
  myStations: '/supervise/pages/stations/index',
  inspect: (stationId: string) => `/supervise/pages/inspect/index?id=${stationId}`,
  /** with the station's name, for the header before its first inspection (read by stationParams) */
  history: (stationId: string, name: string) =>
    `/supervise/pages/inspections/index?id=${encodeURIComponent(stationId)}&name=${encodeURIComponent(name)}`,
  inspection: (inspectionId: string) => `/supervise/pages/inspection/index?id=${inspectionId}`,
};
