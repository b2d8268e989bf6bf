import { route } from './route';
import { AccountDeleteBody, AccountDeleted, DataExport, ProfileCorrected, ProfileCorrection } from '../schemas/account';

/** PIPL rights on 我的 → 个人信息与隐私 (docs/privacy-and-content.md, "Your rights"). */
export const accountRoutes = {
  exportMyData: route({
    method: 'POST',
    path: '/me/data-export',
    summary: '导出我的数据：本人的全部个人信息（.xlsx 与 JSON），10 分钟内有效的下载链接；同一时段重复请求得到同一份文件',
    access: 'signed-in',
    responses: { 200: DataExport },
  }),
  correctMyProfile: route({
    method: 'PATCH',
    path: '/me/profile',
    summary: '更正本人的姓名、手机号或工作单位（会籍与账号上显示的都一起更正）',
    access: 'signed-in',
    body: ProfileCorrection,
    responses: { 200: ProfileCorrected },
  }),
  deleteMyAccount: route({
    method: 'POST',
    path: '/me/account/delete',
    summary: '注销账号：立即删除或匿名化本人的姓名、手机号、工作单位和身份标识，会籍关闭，登录失效',
    access: 'signed-in',
    body: AccountDeleteBody,
    responses: { 200: AccountDeleted },
  }),
};
