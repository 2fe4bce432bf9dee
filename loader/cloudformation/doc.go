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
//   - An OpenAPI document named by a local path — SAM DefinitionUri,
//     BodyS3Location, or Fn::Transform AWS::Include with a local Location, all
//     of which `sam deploy` / `aws cloudformation package` upload — is read
//     with the template's parameters, positions in its own file, and listed in
//     Sources (so a folder walk does not load it again). SAM applies Auth and
//     Cors to an included DefinitionBody, as CloudFormation inlines it first.
//     A document in S3 is not read: MethodsUnknown, AuthorizersUnknown,
//     GatewayResponsesUnknown and an unknown resource policy say so.
//   - Nested stacks: a parameter the parent feeds with !Ref or !GetAtt of its
//     own resources stands for them in the child, so a child's authorizer
//     links to the parent's pool and a child's method joins the parent's API.
//     A nested stack that is not read (a remote template) marks the APIs it
//     receives as possibly incomplete (methods, authorizers, stages,
//     deployments, gateway responses).
//   - Tags that are not intrinsics (!Rain::S3, a preprocessor's own) are kept
//     as unknown values instead of failing the whole template.
//   - The loader reads local files a template names (nested templates,
//     OpenAPI documents), relative to the template, with the same size limit;
//     it never fetches anything remote.
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
