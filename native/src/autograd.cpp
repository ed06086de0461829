// Autograd: backward, gradients of leaves and torch.autograd.grad (with create_graph for
// higher-order derivatives such as Hessian-vector products).
#include <torch/csrc/autograd/autograd.h>

#include "common.h"

using lb::T;
using lb::wrap;

extern "C" {

int lb_tensor_backward(lb_tensor t, lb_tensor grad, int retain_graph, int create_graph) {
  LB_TRY
  at::Tensor g = grad == nullptr ? at::Tensor() : T(grad);
  T(t).backward(g, retain_graph ? c10::optional<bool>(true) : c10::nullopt, create_graph != 0);
  return 0;
  LB_CATCH(-1)
}

int lb_tensor_grad(lb_tensor t, lb_tensor* out) { LB_RETURN_STATUS(*out = wrap(T(t).grad())) }

int lb_tensor_set_grad(lb_tensor t, lb_tensor grad) {
  LB_TRY
  if (grad == nullptr)
    T(t).mutable_grad().reset();
  else
    T(t).mutable_grad() = T(grad);
  return 0;
  LB_CATCH(-1)
}

int lb_tensor_retain_grad(lb_tensor t) { LB_RETURN_STATUS(T(t).retain_grad()) }

int lb_autograd_grad(const lb_tensor* outputs, int n_outputs, const lb_tensor* inputs, int n_inputs,
                     const lb_tensor* grad_outputs, int n_grad_outputs, int retain_graph, int create_graph,
                     int allow_unused, lb_tensor* out) {
  LB_TRY
  torch::autograd::variable_list outs, ins, gouts;
  for (int i = 0; i < n_outputs; ++i) outs.push_back(T(outputs[i]));
  for (int i = 0; i < n_inputs; ++i) ins.push_back(T(inputs[i]));
  for (int i = 0; i < n_grad_outputs; ++i) gouts.push_back(grad_outputs[i] ? T(grad_outputs[i]) : at::Tensor());
  auto grads = torch::autograd::grad(outs, ins, gouts, retain_graph ? c10::optional<bool>(true) : c10::nullopt,
                                     create_graph != 0, allow_unused != 0);
  for (int i = 0; i < n_inputs; ++i) out[i] = wrap(grads[static_cast<size_t>(i)]);
  return 0;
  LB_CATCH(-1)
}

}  // extern "C"
