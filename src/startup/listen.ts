import type { Server } from 'node:http';
import { StartupError } from './startup-error.js';

/**
 * Listens, turning the usual refusals into one actionable line.
 *
 * @throws StartupError exit 1 when the port is taken or not allowed.
 */
export async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new StartupError(1, `port ${port} on ${host} is already in use: stop the other process or set PORT to a free port (0 picks one)`));
      } else if (error.code === 'EACCES') {
        reject(new StartupError(1, `not allowed to listen on port ${port} on ${host}: pick a port above 1023 with PORT`));
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new StartupError(1, `cannot listen on HOST=${host}: no such local interface`));
      } else {
        reject(error);
      }
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
