import { describe, expect, it } from 'vitest';
import { deleteResultXml, MalformedDeleteError, parseDeleteObjects } from './delete-objects';

describe('given a DeleteObjects request body', () => {
  it('when it has entities, a version id and Quiet after the objects then keys are decoded exactly', () => {
    expect(
      parseDeleteObjects(
        '<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
          '<Object><Key>a&amp;b &lt;c&gt; &#233;&#x1F600; </Key></Object><Object><Key>d</Key><VersionId>null</VersionId></Object>' +
          '<Quiet>true</Quiet></Delete>',
      ),
    ).toEqual({ quiet: true, objects: [{ key: 'a&b <c> é😀 ' }, { key: 'd', versionId: 'null' }] });
  });

  it.each([
    ['not a Delete document', '<Remove><Object><Key>a</Key></Object></Remove>'],
    ['no object', '<Delete><Quiet>true</Quiet></Delete>'],
    ['an object without a key', '<Delete><Object><VersionId>1</VersionId></Object></Delete>'],
    ['a Quiet that is no boolean', '<Delete><Quiet>yes</Quiet><Object><Key>a</Key></Object></Delete>'],
    ['an unknown entity', '<Delete><Object><Key>&nbsp;</Key></Object></Delete>'],
  ])('when it has %s then it is malformed', (_, body) => {
    expect(() => parseDeleteObjects(body)).toThrow(MalformedDeleteError);
  });
});

describe('given the outcomes of a DeleteObjects request', () => {
  const outcomes = [
    { key: 'a&b', deleted: true as const },
    { key: 'c', deleted: false as const, code: 'InvalidArgument', message: 'no <c>' },
  ];

  it('when answered then deletions and errors are listed in order, escaped', () => {
    expect(deleteResultXml(outcomes, false)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<Deleted><Key>a&amp;b</Key></Deleted><Error><Key>c</Key><Code>InvalidArgument</Code><Message>no &lt;c&gt;</Message></Error>' +
        '</DeleteResult>',
    );
  });

  it('when answered quietly then only the errors are listed', () => {
    expect(deleteResultXml(outcomes, true)).not.toContain('<Deleted>');
    expect(deleteResultXml(outcomes, true)).toContain('<Error><Key>c</Key>');
  });
});
