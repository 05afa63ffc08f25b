/**
 * The unit layer starts no server: a test that listens belongs in a *.integration.test.ts
 * file (vitest.config.ts), so `npm run test:unit` stays fast and needs no free port.
 */
import net from 'node:net';

net.Server.prototype.listen = function listen(): never {
  throw new Error('A unit test starts no server: name the file *.integration.test.ts');
};
