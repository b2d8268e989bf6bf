import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import { PhotoUploadTicket } from '../schemas/station-photo';
import {
  AppointSupervisor,
  Inspection,
  InspectionPage,
  LiveSummary,
  NewEvidenceUpload,
  NewInspection,
  NewLiveStatus,
  NewVisit,
  OverduePage,
  SupervisionPage,
  SupervisorList,
  VisitFigures,
  VisitResult,
} from '../schemas/network';

const StationParams = z.strictObject({ stationId: Id });
const Cursor = Opaque({ max: 2000, message: '翻页标记无效，请从第一页重新加载' });

/** The station network (issue 14, docs/station-network.md). */
export const networkRoutes = {
  recordVisit: route({
    method: 'POST',
    path: '/stations/{stationId}/visits',
    summary: '扫驿站门口二维码：记一次到访（同一人同一驿站两小时内只记一次）',
    access: 'signed-in',
    params: StationParams,
    body: NewVisit,
    responses: { 200: VisitResult },
  }),
  reportLiveStatus: route({
    method: 'POST',
    path: '/stations/{stationId}/live',
    summary: '一键反映驿站现状：门关着 / 没热水 / 设备坏了 / 一切正常',
    access: 'signed-in',
    params: StationParams,
    body: NewLiveStatus,
    responses: { 201: LiveSummary },
  }),
  listMySupervision: route({
    method: 'GET',
    path: '/me/supervision',
    summary: '我负责监督的驿站（义务监督员）',
    access: 'signed-in',
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: SupervisionPage },
  }),
  createEvidenceUpload: route({
    method: 'POST',
    path: '/evidence/uploads',
    summary: '上传一张检查或整改照片（直传对象存储，10 分钟内有效）',
    access: 'signed-in',
    body: NewEvidenceUpload,
    responses: { 201: PhotoUploadTicket },
  }),
  submitInspection: route({
    method: 'POST',
    path: '/stations/{stationId}/inspections',
    summary: '提交驿站检查（七有标准与设施；须在驿站 200 米内；重试不会重复）',
    access: 'signed-in',
    params: StationParams,
    body: NewInspection,
    maxBodyBytes: 32 * 1024,
    responses: { 201: Inspection },
  }),
  listStationInspections: route({
    method: 'GET',
    path: '/stations/{stationId}/inspections',
    summary: '驿站检查记录（最新在前）：本站监督员与所属工会工作人员可见',
    access: 'signed-in',
    params: StationParams,
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: InspectionPage },
  }),
  getInspection: route({
    method: 'GET',
    path: '/inspections/{inspectionId}',
    summary: '一次检查的详情，含不合格项的整改进度',
    access: 'signed-in',
    params: z.strictObject({ inspectionId: Id }),
    responses: { 200: Inspection },
  }),
};

export const staffNetworkRoutes = {
  getDoorPoster: route({
    method: 'GET',
    path: '/staff/stations/{stationId}/door-poster',
    summary: '驿站门口二维码海报（A4 打印）：扫码查看驿站并记一次到访',
    access: ['staff', 'admin'],
    params: StationParams,
    responses: { 200: z.object({ stationName: z.string(), address: z.string(), url: z.string(), dataUrl: z.string() }) },
  }),
  appointSupervisors: route({
    method: 'POST',
    path: '/staff/supervisors',
    summary: '按会员号任命义务监督员，负责所选驿站（重复任命不会重复）',
    access: ['staff', 'admin'],
    body: AppointSupervisor,
    responses: { 200: z.object({ supervisor: z.object({ name: z.string(), memberNo: z.string() }), stationIds: z.array(Id) }) },
  }),
  listStationSupervisors: route({
    method: 'GET',
    path: '/staff/stations/{stationId}/supervisors',
    summary: '驿站的义务监督员',
    access: ['staff', 'admin'],
    params: StationParams,
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: SupervisorList },
  }),
  removeSupervisor: route({
    method: 'POST',
    path: '/staff/stations/{stationId}/supervisors/{userId}/remove',
    summary: '取消某人对该驿站的监督',
    access: ['staff', 'admin'],
    params: z.strictObject({ stationId: Id, userId: Id }),
    responses: { 200: z.object({ removed: z.boolean() }) },
  }),
  listOverdueInspections: route({
    method: 'GET',
    path: '/staff/inspections/overdue',
    summary: '本季度尚未检查的驿站（本组织及下级；最久未检查的在前，每页 20 个）',
    access: ['staff', 'admin'],
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: OverduePage },
  }),
  getStationVisits: route({
    method: 'GET',
    path: '/staff/stations/{stationId}/visits',
    summary: '驿站到访人次：按日（近 31 天内）、按小时、按职业',
    access: ['staff', 'admin'],
    params: StationParams,
    query: z.strictObject({
      from: z.iso.date('日期格式应为 2026-11-26'),
      to: z.iso.date('日期格式应为 2026-11-26'),
    }),
    responses: { 200: VisitFigures },
  }),
};
