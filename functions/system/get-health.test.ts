import { handler } from './get-health';
import { invoke } from '../../test/functions-support/invoke';

it('reports healthy when the database answers', async () => {
  const reply = await invoke(handler, { path: '/health' });
  expect(reply).toMatchObject({ status: 200, body: { ok: true, stage: 'local' } });
});
