// Package cloudformation reads CloudFormation templates (YAML with every
// short-form tag, or JSON), SAM templates (Transform:
// AWS::Serverless-2016-10-31) and CDK output (cdk.out/*.template.json, or a
// whole cloud assembly through its manifest.json) into one inventory per
// stack, nested stacks included.
//
// What it reads: AWS::ApiGateway::RestApi (its Policy, and an inline OpenAPI
// Body through the OpenAPI loader with positions mapped back into the
// template), ::Resource (full paths through the ParentId chain), ::Method,
// ::Authorizer, ::Deployment (DependsOn; a StageName creates a stage),
// ::Stage, ::GatewayResponse; AWS::Cognito::UserPool, ::UserPoolClient (never a
// secret), ::UserPoolDomain, ::UserPoolResourceServer; AWS::Serverless::Api,
// ::Function and ::StateMachine Api events (package sam); local nested stacks.
//
// Conventions (what rules may rely on):
//
//   - Refs are logical ids; a nested stack's resources are
//     "<ParentStackLogicalId>/<LogicalId>". Objects from an inline body sit
//     under the API's ref ("Api/method/GET /pets", "Api/authorizer/Cognito").
//   - An object's Loc is its logical-id key. A property value's Loc is the
//     line of the property's key (ProviderARNs:, AuthorizationScopes:) and a
//     list item's Loc is the item itself, so a finding lands on what the user
//     wrote. Generated SAM objects point at what created them: the event, the
//     Auth block, DefaultAuthorizer, the Cors property.
//   - Intrinsics are evaluated as far as the template allows (package
//     intrinsic); anything else is Unknown with the reason and the expression.
//     Parameters take --param values, then parameter files, then Default.
//     Pseudo parameters are unknown unless given (--param AWS::Region=…).
//   - A resource whose Condition is known to be false with the parameters in
//     force is not deployed and is left out. A resource under a condition that
//     cannot be evaluated is kept as if deployed: rules see what may exist.
//     Inside an inline body, an Fn::If whose condition is unknown keeps the
//     branch that defines something.
//   - Methods, authorizers and gateway responses that name a RestApiId the
//     template does not define are kept under a placeholder API (ref
//     "external:<expression>", no LogicalID) whose method, stage and deployment
//     lists are marked Unknown.
//   - A user pool defined in the template is Complete: the template is taken
//     to hold every app client, resource server and domain of its pool.
//   - BodyS3Location, SAM DefinitionUri and Fn::Transform (AWS::Include)
//     bodies are not read: MethodsUnknown, GatewayResponsesUnknown and an
//     unknown resource policy say so.
//   - Deployments: hand-written ones keep their logical id and never redeploy
//     (ManagedBy cloudformation, RedeploysOnChange false); CDK (aws:cdk:path
//     metadata) and SAM hash the API into the logical id (RedeploysOnChange
//     true). SAM's generated deployment also creates the stage "Stage" unless
//     OpenApiVersion is set, as the SAM translator does.
//   - SAM writes {"NONE": []} in a method's security to mean "no authorizer";
//     API Gateway imports that method without authorization, so the marker is
//     dropped before the body is read (unless the body declares a scheme named
//     NONE).
//   - Suppressions come from a resource's Metadata.authlint.ignore and from
//     x-authlint-ignore inside inline bodies.
//   - CDK: the boolean context entries of the cdk.json found beside the cloud
//     assembly (or up to four folders above) are Inventory.CDK.FeatureFlags.
//     Loading manifest.json yields one inventory per stack; its Sources list
//     every template read, so a folder walk does not load them again.
//
// Problems that leave part of a template unread (a body the OpenAPI reader
// rejects, a nested stack cycle, a resource without Type) are returned as one
// *loader.Error next to the partial inventory.
package cloudformation
