import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { build, removeOutdirs, validationViolations } from './synth.ts';

afterAll(removeOutdirs);

describe('App: cdk-nag AwsSolutions', () => {
  it('synthesizes with zero unacknowledged findings, errors or warnings', async () => {
    // Prepare: with CDK's built-in CloudFormation validation too, as `cdk synth` runs it.
    const { app, data, pipeline } = await build(
      { stage: 'test', alertEmails: 'pm@example.com' },
      { validate: true },
    );

    // Act
    app.synth();

    // Assess: cdk-nag v3 is a validation plugin, so its findings land in the validation report.
    expect(await validationViolations(app)).toEqual([]);
    for (const stack of [data, pipeline]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    }
  });

  it('fails synthesis on a new, unacknowledged finding (the checks are live)', async () => {
    // Prepare
    const { app, data } = await build({ stage: 'test' });
    new Bucket(data, 'UnloggedPlaintextBucket');

    // Act
    const act = () => app.synth();

    // Assess
    expect(act).toThrow(/AwsSolutions-S1/);
    const rules = (await validationViolations(app)).map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
