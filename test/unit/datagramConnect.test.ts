import * as assert from 'node:assert/strict';
import { engine } from '../support/engine';

const ROUTE = [
  'import socket',
  '',
  'def local_ip(host):',
  '    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  '    sock.connect((host, 80))',
  '    return sock.getsockname()[0]',
  '',
  'async def main(host):',
  '    local_ip(host)',
  '    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  '    sock.connect((host, 80))',
  '    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)',
  '    tcp.connect((host, 80))',
  '',
].join('\n');

describe('A UDP connect to a host that may be a name', () => {
  it('is information, directly and through a helper; a TCP connect stays a warning', async () => {
    const result = (await engine({})).lint(ROUTE);
    result.tree?.delete();
    const found = result.findings.map((f) => [f.range.start.line + 1, f.code, f.severity]);
    assert.deepEqual(found, [
      [9, 'AIO200', 'information'],
      [11, 'AIO202', 'information'],
      [13, 'AIO202', 'warning'],
    ]);
    assert.match(result.findings[1].message, /a UDP `connect` blocks only to resolve a host name/);
  });
});
