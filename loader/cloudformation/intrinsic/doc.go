// Package intrinsic evaluates CloudFormation intrinsic functions statically, as
// far as a template on its own allows.
//
// A Resolver knows the template's parameters (values given on the command line
// or in a parameters file first, then defaults), mappings, conditions and
// resource logical ids. It turns a raw decoded value into a Result:
//
//   - Known: a literal (the value itself, or what Fn::Sub, Fn::Join, Fn::Select,
//     Fn::FindInMap, Fn::If … compute from known inputs);
//   - Parts: a string made of known text and references to resources (Ref,
//     Fn::GetAtt) whose values exist only after deployment, so the loader can
//     still link "arn:…:userpool/${Pool}" to the pool it names;
//   - Unknown: with the reason and a readable rendering of the expression
//     (!ImportValue, a parameter without default, SSM dynamic references, …);
//   - NoValue: AWS::NoValue, which removes the property.
//
// Pseudo parameters (AWS::Region, AWS::AccountId, AWS::Partition, …) are never
// faked: they are unknown unless a value is given for them (--param
// AWS::Region=eu-west-1), because a made-up region or partition would put
// findings on values the deployed stack does not have.
//
// One file per intrinsic function, each with its table test.
package intrinsic
