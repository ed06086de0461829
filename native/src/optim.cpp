// Optimizers: libtorch's own torch::optim implementations (the same update rules as PyTorch's),
// so a whole step over all parameters is one call across the ABI.
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

#include "common.h"
#include "fused_sgd.h"

using lb::T;

namespace {
std::vector<at::Tensor> params(const lb_tensor* handles, int n) {
  std::vector<at::Tensor> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(T(handles[i]));  // shares the TensorImpl: same data and grad
  return out;
}
torch::optim::Optimizer& O(lb_optimizer o) { return *static_cast<torch::optim::Optimizer*>(o); }
}  // namespace

extern "C" {

lb_optimizer lb_optim_sgd_new(const lb_tensor* p, int n, double lr, double momentum, double dampening,
                              double weight_decay, int nesterov, int fused) {
  LB_TRY
  auto opts = torch::optim::SGDOptions(lr).momentum(momentum).dampening(dampening).weight_decay(weight_decay).nesterov(
      nesterov != 0);
  if (fused != 0) return new lb::FusedSGD(params(p, n), opts);
  return new torch::optim::SGD(params(p, n), opts);
  LB_CATCH(nullptr)
}

lb_optimizer lb_optim_adam_new(const lb_tensor* p, int n, double lr, double beta1, double beta2, double eps,
                               double weight_decay, int amsgrad) {
  LB_TRY
  auto opts = torch::optim::AdamOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(amsgrad != 0);
  return new torch::optim::Adam(params(p, n), opts);
  LB_CATCH(nullptr)
}

lb_optimizer lb_optim_adamw_new(const lb_tensor* p, int n, double lr, double beta1, double beta2, double eps,
                                double weight_decay, int amsgrad) {
  LB_TRY
  auto opts =
      torch::optim::AdamWOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(amsgrad != 0);
  return new torch::optim::AdamW(params(p, n), opts);
  LB_CATCH(nullptr)
}

void lb_optim_free(lb_optimizer o) { delete static_cast<torch::optim::Optimizer*>(o); }

int lb_optim_step(lb_optimizer o) {
  LB_TRY
  at::NoGradGuard no_grad;
  O(o).step();
  return 0;
  LB_CATCH(-1)
}

int lb_optim_zero_grad(lb_optimizer o, int set_to_none) {
  LB_TRY
  for (auto& group : O(o).param_groups())
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (set_to_none) {
        p.mutable_grad().reset();
      } else {
        p.mutable_grad().detach_();
        p.mutable_grad().zero_();
      }
    }
  return 0;
  LB_CATCH(-1)
}

int lb_optim_set_lr(lb_optimizer o, double lr) {
  LB_TRY
  for (auto& group : O(o).param_groups()) group.options().set_lr(lr);
  return 0;
  LB_CATCH(-1)
}

int lb_optim_get_lr(lb_optimizer o, double* lr) { LB_RETURN_STATUS(*lr = O(o).param_groups().at(0).options().get_lr()) }

}  // extern "C"
