/**
 * HTTP load generator for bench/declarations.ts, forked as its own process so that building requests and
 * parsing responses does not compete with the server for its event loop.
 *
 * Each of C clients loops, in mode 'pair': POST /api/v1/declarations (a complete draft) → 201 + ETag, then
 * POST /api/v1/declarations/:id/submit with If-Match → 200; in mode 'single': one
 * POST /api/v1/declarations?submit=true → 201 (created and submitted). One loop = one declaration submission.
 * Any other status aborts the run: a benchmark of failing requests measures nothing.
 */
import http from 'node:http';

export interface LoadRequest {
  type: 'run';
  baseUrl: string;
  apiKey: string;
  concurrency: number;
  durationMs: number;
  maxSubmissions: number;
  /** A complete draft; contract and invoice numbers are made unique per submission. */
  draft: Record<string, unknown>;
  label: string;
  /** 'pair': create, then submit (two requests); 'single': create and submit in one request. */
  mode: 'pair' | 'single';
}

export interface LoadResult {
  type: 'done';
  submissions: number;
  elapsedMs: number;
  /** Milliseconds per request (create, submit) and per pair, in completion order; in mode 'single', create is
   * empty and submit and pair both hold the one request's time. */
  create: number[];
  submit: number[];
  pair: number[];
  /** CPU time of this load generator during the run. */
  cpuMs: number;
}

export type LoadReply = LoadResult | { type: 'error'; message: string };

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(agent: http.Agent, url: URL, method: string, headers: Record<string, string>, body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const request = http.request(
      url,
      { method, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : { 'content-length': '0' }) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

export async function runLoad(job: LoadRequest): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency, maxFreeSockets: job.concurrency });
  const auth = { authorization: `Bearer ${job.apiKey}`, accept: 'application/json' };
  const createUrl = new URL('/api/v1/declarations', job.baseUrl);
  const createAndSubmitUrl = new URL('/api/v1/declarations?submit=true', job.baseUrl);
  const create: number[] = [];
  const submit: number[] = [];
  const pair: number[] = [];
  let started = 0;
  let failure: Error | null = null;
  const t0 = performance.now();
  const deadline = t0 + job.durationMs;
  let lastDone = t0;
  const cpuBefore = process.cpuUsage();

  async function client(index: number) {
    while (!failure && started < job.maxSubmissions && performance.now() < deadline) {
      const n = started++;
      const reference = `BENCH-${job.label}-${index}-${n}`;
      const body = JSON.stringify({ ...job.draft, contractNumber: `${reference}-C`, invoiceNumber: `${reference}-I` });
      const a = performance.now();
      if (job.mode === 'single') {
        const done = await send(agent, createAndSubmitUrl, 'POST', auth, body);
        const b = performance.now();
        if (done.status !== 201) throw new Error(`create and submit answered ${done.status}: ${done.body.slice(0, 2000)}`);
        const { state } = JSON.parse(done.body) as { state: string };
        if (state !== 'SUBMITTED') throw new Error(`create and submit left the declaration in state ${state}`);
        submit.push(b - a);
        pair.push(b - a);
        lastDone = b;
        continue;
      }
      const created = await send(agent, createUrl, 'POST', auth, body);
      const b = performance.now();
      if (created.status !== 201) throw new Error(`create answered ${created.status}: ${created.body.slice(0, 2000)}`);
      const { id } = JSON.parse(created.body) as { id: string };
      const etag = created.headers.etag;
      if (!etag) throw new Error('create answered without an ETag');
      const submitted = await send(agent, new URL(`/api/v1/declarations/${id}/submit`, job.baseUrl), 'POST', { ...auth, 'if-match': etag });
      const c = performance.now();
      if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}: ${submitted.body.slice(0, 2000)}`);
      const { state } = JSON.parse(submitted.body) as { state: string };
      if (state !== 'SUBMITTED') throw new Error(`submit left the declaration in state ${state}`);
      create.push(b - a);
      submit.push(c - b);
      pair.push(c - a);
      lastDone = c;
    }
  }

  const clients = Array.from({ length: job.concurrency }, (_, i) =>
    client(i).catch((error: unknown) => {
      failure ??= error instanceof Error ? error : new Error(String(error));
    }),
  );
  await Promise.all(clients);
  agent.destroy();
  if (failure) throw failure;
  const cpu = process.cpuUsage(cpuBefore);
  return { type: 'done', submissions: pair.length, elapsedMs: (pair.length ? lastDone : performance.now()) - t0, create, submit, pair, cpuMs: (cpu.user + cpu.system) / 1000 };
}

// Forked by bench/declarations.ts: one job per message, answered on the IPC channel.
if (process.send) {
  // The parent may be gone by the time a run ends: then there is nobody to answer.
  const answer = (reply: LoadReply) => {
    if (process.connected) process.send!(reply, (error: Error | null) => error && process.exit(0));
  };
  process.on('message', (message: LoadRequest) => {
    if (message?.type !== 'run') return;
    runLoad(message).then(
      (result) => answer(result),
      (error: unknown) => answer({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  // Ctrl-C reaches the whole process group; the parent stops this process when it cleans up.
  process.on('SIGINT', () => {});
}
