// Package cdk reads what the AWS CDK leaves beside its CloudFormation output:
// the cloud assembly manifest (cdk.out/manifest.json: which stacks exist and
// which template file holds each) and the app's cdk.json, whose boolean
// context entries are the feature flags that change what CDK synthesizes (rule
// DP005 reads @aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId).
package cdk
