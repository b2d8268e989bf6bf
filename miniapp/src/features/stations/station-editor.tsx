import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import type { Session } from '@shared/schemas/session';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import { StationForm } from './station-form';
import { StationPhotoEditor } from './station-photo-editor';

/** The editor page: a new station's form, or an existing one's form and its photos. */
export function StationEditor({ id, session }: { id?: string; session: Session }) {
  if (!id) {
    return (
      <View className="page">
        <StationForm
          orgId={session.me.actingOrgId ?? ''}
          // photos need the station's id: the saved station opens in the editor to add them
          onSaved={(saved) => void Taro.redirectTo({ url: `/staff/pages/station-edit/index?id=${encodeURIComponent(saved.id)}` })}
        />
      </View>
    );
  }
  return <ExistingStation id={id} />;
}

function ExistingStation({ id }: { id: string }) {
  const { data, error, loading, reload } = useRequest(() => api.getStation({ params: { stationId: id } }), [id]);
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  return (
    <View className="page">
      <StationPhotoEditor key={data!.station.updatedAt} stationId={id} initial={data!.gallery} />
      <StationForm key={id} station={data!.station} orgId={data!.station.orgId} onSaved={() => undefined} />
      <View className="detail-actions">
        <Button
          className="big-button big-button--ghost"
          onClick={() => Taro.navigateTo({ url: `/pages/station/index?id=${encodeURIComponent(id)}` })}
        >
          查看职工看到的详情
        </Button>
      </View>
    </View>
  );
}
