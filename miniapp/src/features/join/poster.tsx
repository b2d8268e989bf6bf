import { Image, Text, View } from '@tarojs/components';
import { beijingDay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import './join.css';

/** A printable poster: org, event, the QR code and 微信扫一扫 加入工会. */
export function JoinPoster({ token }: { token: string }) {
  const target = useRequest(() => api.resolveJoinCode({ params: { token } }), [token]);
  const qr = useRequest(() => api.getJoinCodeQr({ params: { token }, query: { format: 'png' } }), [token]);
  const error = target.error ?? qr.error;
  if (error) return <ErrorState message={error.message} onRetry={() => (target.reload(), qr.reload())} />;
  if (!target.data || !qr.data) return <Loading />;
  const { target: t } = target.data;
  return (
    <View className="poster">
      <Text className="poster__org">{t.orgName}</Text>
      {t.event ? <Text className="poster__event">{`${t.event.title} · ${beijingDay(t.event.date)} · ${t.event.place}`}</Text> : null}
      <Image className="poster__qr" src={qr.data.dataUrl} data-url={qr.data.url} />
      <Text className="poster__call">微信扫一扫 加入工会</Text>
      <Text className="poster__url">{qr.data.url}</Text>
    </View>
  );
}
