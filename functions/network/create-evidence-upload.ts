import { randomUUID } from 'node:crypto';
import { contract } from '../../shared/contract';
import { forbidden } from '../lib/errors';
import { presignEvidenceUpload } from '../lib/evidence-photos';
import { defineHandler } from '../lib/http/handler';
import { supervisesAny } from '../tables/network';

/**
 * A presigned POST for one evidence photo (an inspection item's, or a task's resolution): the phone
 * sends it straight to `evidence/uploads/<userId>/<uploadId>`; the submit that uses it checks it.
 * Only staff and volunteer supervisors (of at least one station) take photos here.
 */
export const handler = defineHandler(contract.createEvidenceUpload, async ({ body }, { principal, log }) => {
  const staff = principal.role !== 'worker' && principal.actingOrgId !== null;
  if (!staff && !(await supervisesAny(principal.userId))) throw forbidden('只有义务监督员和工作人员可以上传检查照片');
  const uploadId = randomUUID();
  const ticket = await presignEvidenceUpload(principal.userId, uploadId, body.contentType);
  log.info('evidence upload signed', { uploadId, contentType: body.contentType, size: body.size });
  return { uploadId, ...ticket };
});
