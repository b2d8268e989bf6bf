import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { ClaimRulesEditor } from '../../../features/claims-staff/claim-rules-editor';

/** weapp hands the query over still encoded, H5 decoded; a title with a literal % is shown as it came */
function decoded(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Opened from a plan's staff page with ?activityId=…&title=… (the title for the header). */
export default function ClaimRulesPage() {
  const { params } = useRouter();
  return <StaffGate>{() => <ClaimRulesEditor activityId={params.activityId ?? ''} title={decoded(params.title)} />}</StaffGate>;
}
