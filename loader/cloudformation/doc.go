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
// HTTP APIs: AWS::ApiGatewayV2::Api (Body, a local BodyS3Location, quick
// create), ::Route, ::Authorizer, ::Stage, ::Deployment, and
// AWS::Serverless::HttpApi with the HttpApi events of functions.
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
//   - A user pool defined in the template is Complete (the template is taken
//     to hold every app client, resource server and domain of its pool)
//     unless something authlint does not read may add to it: a custom
//     resource (AWS::CloudFormation::CustomResource, Custom::*) or an
//     exported output that receives the pool (a Ref, GetAtt or Sub of it,
//     in either branch of an Fn::If, through nested stack parameters too); a
//     nested stack whose template is not read (remote, or unreadable), which
//     makes every pool incomplete; a Transform other than SAM's, or resources
//     a transform includes (Fn::Transform / AWS::Include in place of
//     resources), which also make every pool incomplete (AWS::LanguageExtensions
//     is read: see Fn::ForEach below). UserPool.Incomplete
//     gives the reason. An Fn::Transform inside a resource's properties
//     replaces one value and cannot add resources: it does not count.
//   - Fn::ForEach loops (AWS::LanguageExtensions) in Resources, Conditions
//     and Outputs are expanded as CloudFormation does (foreach.go), over a
//     list of literals or a Ref to a list parameter (default or --param),
//     nested loops included; generated entries point at the loop's output
//     key. A loop whose collection is unknown generates unknown entries: the
//     API lists and pools its resource types could extend are marked Unknown
//     or incomplete, and a Ref to a logical id it may generate is Unknown,
//     not Missing.
//   - Resources that a transform includes in place of resources are not an
//     error, but what they add is unknown: the template's APIs have their
//     methods, authorizers, stages, deployments and gateway responses marked
//     Unknown.
//   - Stage variables: an intrinsic in place of the Variables map (or of a
//     Deployment's StageDescription) makes the stage's VariablesUnknown; an
//     Fn::If on a known condition is followed to its branch; an intrinsic in
//     place of one value makes that value Unknown; AWS::NoValue removes it.
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
//     (ManagedBy cloudformation, RedeploysOnChange false); the CDK and SAM
//     hash the API into the logical id (RedeploysOnChange true). A deployment
//     is taken to be the CDK's when it carries aws:cdk:path metadata or its
//     logical id ends in the CDK's eight upper-case hex digits plus a 32-digit
//     MD5 (…Deployment719D102Abf8fc62f…); the SAM translator's when its id is
//     the API's logical id, "Deployment" and ten lower-case hex digits
//     (MyApiDeployment2fae3fff22), as in the translator's output. A suffix
//     that reads as a date (…Deployment20240615) is a name, not a hash. SAM's
//     generated deployment also creates the stage "Stage" unless
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
//     Every object keeps its aws:cdk:path (Object.CDKPath): the app client
//     CDK's HttpUserPoolAuthorizer creates when given none
//     (…/UserPoolAuthorizerClient/Resource) is told from the app's own by it.
//   - HTTP APIs: an AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET is
//     not read, nor are the routes and authorizers that name it. Body is
//     read as an HTTP API document (package openapi, ReadHTTP); a Body in S3
//     makes the routes and authorizers unknown. Quick create (Target) adds
//     the $default route API Gateway creates without authorization
//     (GeneratedBy "quick-create", RouteKey when set) and an auto-deployed
//     $default stage; an AWS::ApiGatewayV2::ApiGatewayManagedOverrides
//     changes that route's authorization and that stage's auto deploy. A JWT
//     issuer links to the user pool it is built from
//     (!Sub …${Pool}, !GetAtt Pool.ProviderURL); an audience entry !Ref
//     Client or !GetAtt Client.ClientId links to the app client, !Ref Pool to
//     the user pool (a pool id is never an audience). Routes, authorizers,
//     stages and deployments that name an ApiId the template does not define
//     join a placeholder HTTP API, as for REST APIs. An HTTP API whose id an
//     exported output hands to other stacks may get routes, authorizers,
//     stages and deployments there: those lists are marked Unknown.
//   - AWS::Serverless::HttpApi is expanded as the SAM translator does
//     (sam.ExpandHTTP): the OpenAPI 3 document it deploys is read like a
//     Body, routes SAM generates from HttpApi events carry GeneratedBy "sam",
//     routes that got Auth.DefaultAuthorizer have AuthDeclared false, and the
//     stage SAM always creates ($default unless StageName) auto-deploys.
//
// Problems that leave part of a template unread (a body the OpenAPI reader
// rejects, a nested stack cycle, a resource without Type) are returned as one
// *loader.Error next to the partial inventory.
package cloudformation
