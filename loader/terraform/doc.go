// Package terraform reads Terraform into the model: a folder of .tf and
// .tf.json files (one module, with its local child modules) evaluated
// statically with HCL and cty, and plan JSON documents (terraform show -json).
//
// Evaluation follows Terraform where the answer can be known without
// running it: variables (defaults, terraform.tfvars, *.auto.tfvars, --var,
// --var-file), locals, string templates, a safe set of functions, count and
// for_each over known values. Everything else stays unknown and says why:
// attributes computed at apply (id, arn, endpoint), data sources, variables
// without a value, registry and git modules, functions authlint does not
// evaluate.
//
// Links between resources follow the reference, never the value: every
// attribute of a resource carries a cty mark naming the resource instance,
// marks flow through expressions, locals, functions and module inputs and
// outputs, and the model builder turns the marks on provider_arns,
// authorizer_id, rest_api_id, resource_id, user_pool_id, … into links.
// Plan documents reach the same builder: values from planned values and
// after, unknowns from after_unknown, marks from the configuration's
// references. Sensitive values never enter the model.
package terraform
