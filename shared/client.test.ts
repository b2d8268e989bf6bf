import { z } from 'zod';
import { route } from './contract/route';
import { createClient, ApiError, type Transport } from './client';

const contract = {
  getThing: route({
    method: 'GET',
    path: '/things/{id}',
    summary: '测试',
    access: 'signed-in',
    params: z.object({ id: z.string() }),
    query: z.object({ near: z.string().optional() }),
    responses: { 200: z.object({ name: z.string() }) },
  }),
  makeThing: route({
    method: 'POST',
    path: '/things',
    summary: '测试',
    access: 'public',
    body: z.object({ name: z.string() }),
    responses: { 201: z.object({ id: z.string() }) },
  }),
};

function clientWith(reply: Awaited<ReturnType<Transport>> | Error, token: string | null = 'tok') {
  const sent: Parameters<Transport>[0][] = [];
  const onUnauthorized = jest.fn();
  const client = createClient(contract, {
    baseUrl: 'https://api.example',
    transport: async (req) => {
      sent.push(req);
      if (reply instanceof Error) throw reply;
      return reply;
    },
    getToken: () => token,
    onUnauthorized,
  });
  return { client, sent, onUnauthorized };
}

it('builds the URL from the contract and sends the bearer token on signed-in routes', async () => {
  const { client, sent } = clientWith({ status: 200, data: { name: '驿站' } });
  await expect(client.getThing({ params: { id: 'a b' }, query: { near: '卢沟桥' } })).resolves.toEqual({ name: '驿站' });
  expect(sent[0]).toMatchObject({
    method: 'GET',
    url: 'https://api.example/things/a%20b?near=%E5%8D%A2%E6%B2%9F%E6%A1%A5',
    headers: { authorization: 'Bearer tok' },
  });
});

it('sends JSON bodies and no token on public routes', async () => {
  const { client, sent } = clientWith({ status: 201, data: { id: 'x' } });
  await client.makeThing({ body: { name: '新' } });
  expect(sent[0]!.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json' });
  expect(sent[0]!.body).toEqual({ name: '新' });
});

it('turns the error body into an ApiError with the Chinese message and field errors', async () => {
  const { client } = clientWith({
    status: 400,
    data: { code: 'bad_request', message: '提交的内容有误', fieldErrors: { name: ['必填'] }, requestId: 'r1' },
  });
  const error = await client.makeThing({ body: { name: '' } }).catch((e: ApiError) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 400, code: 'bad_request', message: '提交的内容有误', fieldErrors: { name: ['必填'] } });
});

it('reports an unreachable API as a network error in Chinese', async () => {
  const { client } = clientWith(new Error('ECONNREFUSED'));
  await expect(client.getThing({ params: { id: '1' }, query: {} })).rejects.toMatchObject({
    code: 'network',
    message: '网络连接失败，请检查网络后重试',
  });
});

it('tells the session about a 401 on a signed-in call so it can sign in again', async () => {
  const { client, onUnauthorized } = clientWith({
    status: 401,
    data: { code: 'token_expired', message: '登录已过期，请重新登录', requestId: 'r' },
  });
  await expect(client.getThing({ params: { id: '1' }, query: {} })).rejects.toMatchObject({ code: 'token_expired' });
  expect(onUnauthorized).toHaveBeenCalledTimes(1);
});

it('never shows a raw gateway page: a 502 without our body becomes a Chinese message', async () => {
  const { client } = clientWith({ status: 502, data: 'Bad Gateway' });
  await expect(client.getThing({ params: { id: '1' }, query: {} })).rejects.toMatchObject({
    status: 502,
    message: expect.stringMatching(/服务暂时/),
  });
});
