// SGD whose update of float32 CPU parameters is one pass over memory instead of libtorch's three
// to five element-wise operations per parameter (weight decay, momentum scale, momentum add,
// Nesterov, parameter update), each a separate sweep with its own thread hand-off. For a small
// network the optimizer step was about a third of a training step; fused it is a few percent.
//
// The result is bit-identical to torch::optim::SGD: every element goes through the same
// floating-point operations in the same order with the same roundings (ATen's add with alpha is a
// fused multiply-add, its mul a plain product; see fused_sgd.cpp). If any parameter does not fit
// the kernel (another dtype or device, non-contiguous, sparse gradients), every parameter takes
// libtorch's own step.
#pragma once

#include <torch/optim/sgd.h>

namespace lb {

class FusedSGD : public torch::optim::SGD {
 public:
  FusedSGD(std::vector<at::Tensor> params, torch::optim::SGDOptions options)
      : torch::optim::SGD(std::move(params), std::move(options)) {}

  torch::Tensor step(LossClosure closure = nullptr) override;
};

}  // namespace lb
