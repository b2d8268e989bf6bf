/**
 * A staff page about one station is opened with ?id=…&name=… (staff-station-controls.tsx): the name
 * comes along so the header needs no second request. weapp hands the query over still encoded, H5
 * decoded; a name that is not valid percent-encoding is shown as it came.
 */
export function stationParams(params: Partial<Record<string, string>>): { id: string; name?: string } {
  let name = params.name ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // already decoded, with a literal %
  }
  return { id: params.id ?? '', name: name || undefined };
}
