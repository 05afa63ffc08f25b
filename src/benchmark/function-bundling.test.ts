import { describe, expect, it } from 'vitest';
import { esbuildTarget, flattenBanner } from './function-bundling';

describe('given a Lambda runtime', () => {
  it('when it is a Node.js runtime then esbuild targets that Node major version', () => {
    expect(esbuildTarget('nodejs20.x')).toBe('node20');
    expect(esbuildTarget('nodejs24.x')).toBe('node24');
  });

  it('when it is not Node.js then the error names it', () => {
    expect(() => esbuildTarget('python3.13')).toThrow('Not a Node.js Lambda runtime: python3.13');
  });
});

describe('given the SSM shims', () => {
  it('when flattened as Amplify does then they are one line without line comments', () => {
    expect(flattenBanner('const a = 1; // why\n', 'await f();\r\n// only a comment\nexport {};\n')).toBe(
      'const a = 1; await f();export {};',
    );
  });
});
