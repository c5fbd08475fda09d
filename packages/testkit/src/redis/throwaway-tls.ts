import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths of a throwaway CA and a server certificate it signed (for 127.0.0.1 and localhost). @category testing */
export interface ThrowawayTls {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** The CA certificate's PEM text. */
  readonly caPem: string;
}

const openssl = (args: readonly string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });

/**
 * Generates, with the machine's `openssl`, a CA valid for a day and a server certificate
 * it signed whose subject alternative names are `IP:127.0.0.1` and `DNS:localhost`: what a
 * TLS `redis-server` of a test needs, and what its clients verify against.
 *
 * @category testing
 */
export const throwawayTls = (): ThrowawayTls => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-tls-'));
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=caio-test-ca'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext'], dir);
  return { dir, caCert: join(dir, 'ca.crt'), serverCert: join(dir, 'server.crt'), serverKey: join(dir, 'server.key'), caPem: readFileSync(join(dir, 'ca.crt'), 'utf8') };
};

/** redis-server arguments for a TLS port next to the plain one (clients need no certificate). */
export const redisTlsArgs = (tls: ThrowawayTls, tlsPort: number): string[] => [
  '--tls-port',
  String(tlsPort),
  '--tls-cert-file',
  tls.serverCert,
  '--tls-key-file',
  tls.serverKey,
  '--tls-ca-cert-file',
  tls.caCert,
  '--tls-auth-clients',
  'no',
];
