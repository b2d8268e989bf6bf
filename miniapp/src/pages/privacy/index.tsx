import { PrivacyGuideline } from '../../features/privacy/privacy-guideline';

/** Outside the SessionGate: the guideline is read before agreeing, with nothing sent. */
export default function PrivacyPage() {
  return <PrivacyGuideline />;
}
