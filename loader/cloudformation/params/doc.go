// Package params reads CloudFormation parameter values from the files people
// already keep for deployments, so a scan sees the values a deploy would use:
//
//   - the AWS CLI format: [{"ParameterKey": "K", "ParameterValue": "V"}, …]
//     (aws cloudformation create-stack --parameters file://…);
//   - the CodePipeline / template-configuration format: {"Parameters": {"K": "V"}};
//   - a plain object {"K": "V"};
//   - a list of "K=V" strings (aws cloudformation deploy --parameter-overrides);
//   - text with one "K=V" per line, optionally "Stack:K=V" as the CDK CLI's
//     --parameters takes it (blank lines and # comments are ignored).
//
// Keys may be qualified by a stack name ("Stack:K"); the loader applies such a
// value only to that stack.
package params
