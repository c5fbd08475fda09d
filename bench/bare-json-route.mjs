// The baseline of the webhook figure: a bare Fastify app whose one POST route only lets
// Fastify parse the JSON body and answers 200. Run as a child process, like the app.
import { createRequire } from 'node:module';

// Fastify is a dependency of app-http, not of the workspace root: resolve it from there.
const fastify = createRequire(new URL('../packages/app-http/package.json', import.meta.url))('fastify');

const app = fastify({ logger: false });
app.post('/webhooks/:provider', async (request) => ({ received: typeof request.body === 'object' && request.body !== null }));
app.get('/readyz', async () => ({ ok: true }));
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT) });
