import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ApiError } from '@shared/client';
import { api } from '../../lib/api';

export interface DoorVisit {
  /** 今天 N 人次 as the visit's answer counted it */
  todayVisits?: number;
  /** why the visit was not recorded: the station still shows */
  problem?: string;
  /** a failure that may pass (network, busy server): offer 重试 */
  retry?: () => void;
}

const passing = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500;

/**
 * Opened from the door's QR: records the visit once for this opening of the page and says so in a
 * toast, 已记录到访 (the server counts a person once in two hours: a second scan is told 两小时内已记录过). A
 * token the server refuses gets a gentle notice; the station page shows either way.
 */
export function useDoorVisit(stationId: string, door: string | null): DoorVisit {
  const [state, setState] = useState<{ todayVisits?: number; problem?: string; passing?: boolean }>({});
  const recorded = useRef<string | null>(null);

  const record = useCallback(async () => {
    if (!door || !stationId) return;
    setState({});
    try {
      const result = await api.recordVisit({ params: { stationId }, body: { door } });
      setState({ todayVisits: result.todayVisits });
      // short enough for one line of a toast (「…今天第 1 / 人次」 broke); 今天 N 人次 is on the page
      void Taro.showToast(
        result.counted
          ? { title: '已记录到访', icon: 'success', duration: 2500 }
          : { title: '两小时内已记录过', icon: 'none', duration: 2500 },
      );
    } catch (e) {
      const message = e instanceof ApiError ? (Object.values(e.fieldErrors ?? {})[0]?.[0] ?? e.message) : '网络连接失败，请检查网络后重试';
      setState({ problem: message, passing: passing(e) });
    }
  }, [stationId, door]);

  useEffect(() => {
    const key = `${stationId}/${door}`;
    if (!door || recorded.current === key) return;
    recorded.current = key;
    void record();
  }, [stationId, door, record]);

  return { todayVisits: state.todayVisits, problem: state.problem, retry: state.passing ? () => void record() : undefined };
}
