import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Serving {
  server: Server;
  /** e.g. `http://127.0.0.1:8080` */
  url: string;
  /** Stops accepting, ends open connections (event streams included), resolves when closed. */
  close(): Promise<void>;
}

/** Listens on host:port (port 0: any free one); the host defaults to the loopback address. */
export function serve(
  app: Express,
  options: { host?: string; port?: number } = {},
): Promise<Serving> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port ?? 0, host);
    server.headersTimeout = 20_000;
    server.requestTimeout = 60_000;
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
