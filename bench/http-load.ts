/**
 * HTTP load generator for bench/declarations.ts, forked as its own process so that building requests and
 * parsing responses does not compete with the server for its event loop.
 *
 * Each of C clients loops, in mode 'pair': POST /api/v1/declarations (a complete draft) → 201 + ETag, then
 * POST /api/v1/declarations/:id/submit with If-Match → 200; in mode 'single': one
 * POST /api/v1/declarations?submit=true → 201 (created and submitted). One loop = one declaration submission.
 * Any other status aborts the run: a benchmark of failing requests measures nothing.
 *
 * Closed loop (no ratePerSecond): every client starts its next submission as soon as the last one ended, so the
 * load is as high as the server lets it be (saturation). Open loop (ratePerSecond set): submissions are due on a
 * fixed schedule, one every 1/rate s; whichever of the C clients is free takes the next one, and latency is
 * measured from the time it was due, so waiting for a free client (queueing) counts: a slow server cannot
 * hide its backlog by slowing the clients down (no coordinated omission).
 */
import net from 'node:net';

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
  /** Open loop: submissions due at this combined rate (see the header); absent: closed loop. */
  ratePerSecond?: number;
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
  /** Open loop: the longest a submission started after it was due (all clients busy, or timers late on a busy
   * machine); 0 in a closed loop. */
  maxStartLagMs: number;
}

export type LoadReply = LoadResult | { type: 'error'; message: string };

interface Response {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection, one request at a time, as a broker's client holds it. Written on
 * node:net rather than node:http because the load generator shares the 2 vCPUs with the server it measures:
 * node:http's client spent ~0.3 ms of CPU per submission, this one a third of that (docs/performance.md).
 * It reads what Orelane sends: a status line, headers and a Content-Length body; anything else fails the run.
 */
class HttpConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (response: Response) => void; reject: (error: Error) => void } | null = null;
  private closed: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly host: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.answer();
    });
    const fail = (error: Error) => {
      this.closed ??= error;
      this.waiting?.reject(error);
      this.waiting = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the server closed the connection')));
  }

  static open(url: URL): Promise<HttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.off('error', reject);
        resolve(new HttpConnection(socket, url.host));
      });
      socket.once('error', reject);
    });
  }

  request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    if (this.closed) return Promise.reject(this.closed);
    if (this.waiting) return Promise.reject(new Error('one request at a time on a connection'));
    const payload = body === undefined ? undefined : Buffer.from(body);
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\nconnection: keep-alive\r\ncontent-length: ${payload?.length ?? 0}\r\n`;
    if (payload) head += 'content-type: application/json\r\n';
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    const promise = new Promise<Response>((resolve, reject) => (this.waiting = { resolve, reject }));
    this.socket.write(payload ? Buffer.concat([Buffer.from(`${head}\r\n`), payload]) : `${head}\r\n`);
    return promise;
  }

  /** Completes the waiting request once its whole response has arrived. */
  private answer() {
    const headerEnd = this.buffered.indexOf(HEADER_END);
    if (headerEnd < 0 || !this.waiting) return;
    const lines = this.buffered.subarray(0, headerEnd).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0]!)?.[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length']);
    if (!status || !Number.isInteger(length)) {
      const error = new Error(`unreadable response (status line "${lines[0]}", content-length "${headers['content-length']}")`);
      this.waiting.reject(error);
      this.waiting = null;
      this.closed = error;
      this.socket.destroy();
      return;
    }
    const end = headerEnd + HEADER_END.length + length;
    if (this.buffered.length < end) return;
    const body = this.buffered.subarray(headerEnd + HEADER_END.length, end).toString('utf8');
    this.buffered = this.buffered.subarray(end);
    const { resolve } = this.waiting;
    this.waiting = null;
    resolve({ status, headers, body });
  }
}

/**
 * When each submission of a run starts and from when its latency counts. Closed loop (no rate): now, until
 * the deadline. Open loop: submission n is due at t0 + n / rate; next() waits until it is due and returns
 * that due time, even when it is already past (all clients were busy), so queueing delay is measured.
 * Every submission due before the deadline is sent. Used by the HTTP load and by the raw-insert baseline.
 */
export function submissionSchedule(durationMs: number, maxSubmissions: number, ratePerSecond?: number) {
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  let started = 0;
  let maxStartLagMs = 0;
  return {
    t0,
    get maxStartLagMs() {
      return maxStartLagMs;
    },
    /** The time to measure the next submission from, or null when the run is over. */
    async next(): Promise<number | null> {
      if (started >= maxSubmissions) return null;
      if (ratePerSecond === undefined) {
        const now = performance.now();
        if (now >= deadline) return null;
        started += 1;
        return now;
      }
      const due = t0 + (started * 1000) / ratePerSecond;
      if (due >= deadline) return null;
      started += 1;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      maxStartLagMs = Math.max(maxStartLagMs, performance.now() - due);
      return due;
    },
  };
}

/** Keep-alive connections per concurrency, kept across runs: a broker's client does not reconnect per submission. */
const connectionsByConcurrency = new Map<number, HttpConnection[]>();

export async function runLoad(job: LoadRequest): Promise<LoadResult> {
  const base = new URL(job.baseUrl);
  let connections = connectionsByConcurrency.get(job.concurrency);
  if (!connections) {
    connections = await Promise.all(Array.from({ length: job.concurrency }, () => HttpConnection.open(base)));
    connectionsByConcurrency.set(job.concurrency, connections);
  }
  const auth = { authorization: `Bearer ${job.apiKey}`, accept: 'application/json' };
  // Every connection open and answering before the clock starts (as the raw baseline's): connection set-up is not a submission.
  await Promise.all(connections.map((connection) => connection.request('GET', '/api/health', auth)));
  const create: number[] = [];
  const submit: number[] = [];
  const pair: number[] = [];
  let started = 0;
  let failure: Error | null = null;
  const cpuBefore = process.cpuUsage();
  const schedule = submissionSchedule(job.durationMs, job.maxSubmissions, job.ratePerSecond);
  const t0 = schedule.t0;
  let lastDone = t0;

  async function client(index: number) {
    const connection = connections![index]!;
    while (!failure) {
      const n = started++;
      const reference = `BENCH-${job.label}-${index}-${n}`;
      const body = JSON.stringify({ ...job.draft, contractNumber: `${reference}-C`, invoiceNumber: `${reference}-I` });
      const a = await schedule.next();
      if (a === null || failure) break;
      if (job.mode === 'single') {
        const done = await connection.request('POST', '/api/v1/declarations?submit=true', auth, body);
        const b = performance.now();
        if (done.status !== 201) throw new Error(`create and submit answered ${done.status}: ${done.body.slice(0, 2000)}`);
        const { state } = JSON.parse(done.body) as { state: string };
        if (state !== 'SUBMITTED') throw new Error(`create and submit left the declaration in state ${state}`);
        submit.push(b - a);
        pair.push(b - a);
        lastDone = b;
        continue;
      }
      const created = await connection.request('POST', '/api/v1/declarations', auth, body);
      const b = performance.now();
      if (created.status !== 201) throw new Error(`create answered ${created.status}: ${created.body.slice(0, 2000)}`);
      const { id } = JSON.parse(created.body) as { id: string };
      const etag = created.headers.etag;
      if (!etag) throw new Error('create answered without an ETag');
      const submitted = await connection.request('POST', `/api/v1/declarations/${id}/submit`, { ...auth, 'if-match': etag });
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
  if (failure) throw failure;
  const cpu = process.cpuUsage(cpuBefore);
  return { type: 'done', submissions: pair.length, elapsedMs: (pair.length ? lastDone : performance.now()) - t0, create, submit, pair, cpuMs: (cpu.user + cpu.system) / 1000, maxStartLagMs: schedule.maxStartLagMs };
}

// Forked by bench/declarations.ts: one job per message, answered on the IPC channel. (declarations.ts also imports
// submissionSchedule from here; it runs without an IPC channel, so this block stays inert there.)
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
