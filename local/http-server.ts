/** What the three local HTTP servers (app, Step Functions, SES) share: body reading and listening. */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

export class RequestTooLargeError extends Error {}

/**
 * The body, or RequestTooLargeError once the whole body has been read. A body over the limit is read to its end
 * and dropped, never left unread: leaving the loop early destroys the socket, and a client still writing then sees
 * EPIPE or ECONNRESET instead of the answer (API Gateway, too, reads the request and answers).
 */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limitBytes && declared <= limitBytes) chunks.push(chunk);
  }
  if (size > limitBytes || declared > limitBytes) throw new RequestTooLargeError(`request body larger than ${limitBytes} bytes`);
  return Buffer.concat(chunks);
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
    super(`Port ${port} ist bereits belegt. Beenden Sie das andere Programm oder wählen Sie mit ${variable}=<Port> einen anderen.`);
  }
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on host:port; a taken port becomes PortInUseError naming the environment variable that moves it. */
export type AsyncRequestListener = (...args: Parameters<RequestListener>) => Promise<void>;

export function listen(listener: AsyncRequestListener, host: string, port: number, variable: string): Promise<RunningServer> {
  // Listeners answer every error themselves, so nothing is left to handle here.
  const server = createServer((request, response) => {
    void listener(request, response);
  });
  // Keep-alive sockets would hold close() open; local clients are few, so close idle ones eagerly.
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, variable) : error);
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        server,
        url: `http://${host}:${actualPort}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              done();
            });
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Fails early, before anything slow starts, when a port is taken. Probes all interfaces, as DynamoDB Local binds them. */
export async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, variable) : error);
    });
    probe.listen(port, () => probe.close(() => { resolve(); }));
  });
}

/** A port nobody listens on right now (the OS picks it), for a server that cannot take port 0 (DynamoDB Local). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createTcpServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}
