// nn.functional: layers, activations, pooling and losses, forwarding to ATen.
#include "common.h"
#include "max_pool.h"

using lb::T;
using lb::wrap;

namespace {
at::IntArrayRef pair(const int64_t* p) { return at::IntArrayRef(p, 2); }

at::Tensor max_pool2d(const at::Tensor& x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                      const int64_t* dilation, int ceil_mode) {
  if (lb::max_pool2x2_fits(x, pair(kernel), pair(stride), pair(padding), pair(dilation), ceil_mode != 0))
    return lb::max_pool2x2(x);
  return at::max_pool2d(x, pair(kernel), pair(stride), pair(padding), pair(dilation), ceil_mode != 0);
}
}  // namespace

extern "C" {

lb_tensor lb_nn_linear(lb_tensor input, lb_tensor weight, lb_tensor bias) {
  LB_RETURN_TENSOR(at::linear(T(input), T(weight), lb::opt(bias)))
}
lb_tensor lb_nn_conv2d(lb_tensor input, lb_tensor weight, lb_tensor bias, const int64_t* stride, const int64_t* padding,
                       const int64_t* dilation, int64_t groups) {
  LB_RETURN_TENSOR(at::conv2d(T(input), T(weight), lb::opt(bias), pair(stride), pair(padding), pair(dilation), groups))
}
lb_tensor lb_nn_batch_norm(lb_tensor input, lb_tensor weight, lb_tensor bias, lb_tensor running_mean,
                           lb_tensor running_var, int training, double momentum, double eps) {
  LB_RETURN_TENSOR(at::batch_norm(T(input), lb::opt(weight), lb::opt(bias), lb::opt(running_mean), lb::opt(running_var),
                                  training != 0, momentum, eps, /*cudnn_enabled=*/true))
}
lb_tensor lb_nn_layer_norm(lb_tensor input, const int64_t* shape, int ndim, lb_tensor weight, lb_tensor bias,
                           double eps) {
  LB_RETURN_TENSOR(at::layer_norm(T(input), lb::dims(shape, ndim), lb::opt(weight), lb::opt(bias), eps))
}
lb_tensor lb_nn_gelu(lb_tensor input, int tanh_approximation) {
  LB_RETURN_TENSOR(at::gelu(T(input), tanh_approximation ? "tanh" : "none"))
}
lb_tensor lb_nn_softplus(lb_tensor input, double beta, double threshold) {
  LB_RETURN_TENSOR(at::softplus(T(input), beta, threshold))
}
lb_tensor lb_nn_leaky_relu(lb_tensor input, double slope) { LB_RETURN_TENSOR(at::leaky_relu(T(input), slope)) }
lb_tensor lb_nn_elu(lb_tensor input, double alpha) { LB_RETURN_TENSOR(at::elu(T(input), alpha)) }
lb_tensor lb_nn_max_pool2d(lb_tensor input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                           const int64_t* dilation, int ceil_mode) {
  LB_RETURN_TENSOR(max_pool2d(T(input), kernel, stride, padding, dilation, ceil_mode))
}
lb_tensor lb_nn_relu_max_pool2d(lb_tensor input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                                const int64_t* dilation, int ceil_mode) {
  LB_TRY
  const at::Tensor& x = T(input);
  if (lb::max_pool2x2_fits(x, pair(kernel), pair(stride), pair(padding), pair(dilation), ceil_mode != 0))
    return wrap(lb::relu_max_pool2x2(x));
  return wrap(max_pool2d(at::relu(x), kernel, stride, padding, dilation, ceil_mode));
  LB_CATCH(nullptr)
}
int lb_nn_max_pool2x2_kernel(lb_tensor input, int kernel, int relu_first, lb_tensor* values, lb_tensor* indices) {
  LB_TRY
  auto [v, i] = lb::max_pool2x2_with_indices(T(input), static_cast<lb::MaxPoolKernel>(kernel), relu_first != 0);
  *values = wrap(std::move(v));
  *indices = wrap(std::move(i));
  return 0;
  LB_CATCH(-1)
}
int lb_nn_max_pool2d_with_indices(lb_tensor input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                                  const int64_t* dilation, int ceil_mode, lb_tensor* values, lb_tensor* indices) {
  LB_TRY
  auto [v, i] = at::max_pool2d_with_indices(T(input), pair(kernel), pair(stride), pair(padding), pair(dilation),
                                            ceil_mode != 0);
  *values = wrap(std::move(v));
  *indices = wrap(std::move(i));
  return 0;
  LB_CATCH(-1)
}
lb_tensor lb_nn_avg_pool2d(lb_tensor input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                           int ceil_mode, int count_include_pad) {
  LB_RETURN_TENSOR(
      at::avg_pool2d(T(input), pair(kernel), pair(stride), pair(padding), ceil_mode != 0, count_include_pad != 0))
}
lb_tensor lb_nn_adaptive_avg_pool2d(lb_tensor input, const int64_t* size) {
  LB_RETURN_TENSOR(at::adaptive_avg_pool2d(T(input), pair(size)))
}
lb_tensor lb_nn_adaptive_max_pool2d(lb_tensor input, const int64_t* size) {
  LB_RETURN_TENSOR(std::get<0>(at::adaptive_max_pool2d(T(input), pair(size))))
}
lb_tensor lb_nn_dropout(lb_tensor input, double p, int training, lb_generator g) {
  LB_TRY
  const at::Tensor& x = T(input);
  if (!training || p == 0.0) return wrap(x.alias());
  if (g == nullptr) return wrap(at::dropout(x, p, true));
  if (p >= 1.0) return wrap(x * 0);
  // The same inverted dropout as at::dropout, with the mask drawn from the caller's generator.
  at::Tensor mask = at::empty_like(x, at::MemoryFormat::Contiguous).bernoulli_(1.0 - p, lb::gen(g));
  return wrap(x * mask.div_(1.0 - p));
  LB_CATCH(nullptr)
}
lb_tensor lb_nn_softmax(lb_tensor input, int64_t dim) { LB_RETURN_TENSOR(at::softmax(T(input), dim)) }
lb_tensor lb_nn_log_softmax(lb_tensor input, int64_t dim) { LB_RETURN_TENSOR(at::log_softmax(T(input), dim)) }
lb_tensor lb_nn_cross_entropy(lb_tensor input, lb_tensor target, lb_tensor weight, int reduction, int64_t ignore_index,
                              double label_smoothing) {
  LB_RETURN_TENSOR(
      at::cross_entropy_loss(T(input), T(target), lb::opt(weight), reduction, ignore_index, label_smoothing))
}
lb_tensor lb_nn_nll_loss(lb_tensor input, lb_tensor target, lb_tensor weight, int reduction, int64_t ignore_index) {
  LB_RETURN_TENSOR(at::nll_loss_nd(T(input), T(target), lb::opt(weight), reduction, ignore_index))
}
lb_tensor lb_nn_binary_cross_entropy_with_logits(lb_tensor input, lb_tensor target, lb_tensor weight,
                                                 lb_tensor pos_weight, int reduction) {
  LB_RETURN_TENSOR(
      at::binary_cross_entropy_with_logits(T(input), T(target), lb::opt(weight), lb::opt(pos_weight), reduction))
}
lb_tensor lb_nn_binary_cross_entropy(lb_tensor input, lb_tensor target, lb_tensor weight, int reduction) {
  LB_RETURN_TENSOR(at::binary_cross_entropy(T(input), T(target), lb::opt(weight), reduction))
}
lb_tensor lb_nn_mse_loss(lb_tensor input, lb_tensor target, int reduction) {
  LB_RETURN_TENSOR(at::mse_loss(T(input), T(target), reduction))
}
lb_tensor lb_nn_l1_loss(lb_tensor input, lb_tensor target, int reduction) {
  LB_RETURN_TENSOR(at::l1_loss(T(input), T(target), reduction))
}
lb_tensor lb_nn_kl_div(lb_tensor input, lb_tensor target, int reduction, int log_target) {
  LB_RETURN_TENSOR(at::kl_div(T(input), T(target), reduction, log_target != 0))
}
lb_tensor lb_nn_one_hot(lb_tensor labels, int64_t num_classes) { LB_RETURN_TENSOR(at::one_hot(T(labels), num_classes)) }
lb_tensor lb_nn_pad(lb_tensor input, const int64_t* pad, int npad, const char* mode, double value) {
  LB_TRY
  std::string m(mode);
  c10::optional<double> v = m == "constant" ? c10::optional<double>(value) : c10::nullopt;
  return wrap(at::pad(T(input), lb::dims(pad, npad), m, v));
  LB_CATCH(nullptr)
}
lb_tensor lb_nn_affine_grid(lb_tensor theta, const int64_t* size, int ndim, int align_corners) {
  LB_RETURN_TENSOR(at::affine_grid_generator(T(theta), lb::dims(size, ndim), align_corners != 0))
}
lb_tensor lb_nn_grid_sample(lb_tensor input, lb_tensor grid, int mode, int padding_mode, int align_corners) {
  LB_RETURN_TENSOR(at::grid_sampler(T(input), T(grid), mode, padding_mode, align_corners != 0))
}
lb_tensor lb_nn_interpolate(lb_tensor input, const int64_t* size, int mode, int align_corners) {
  LB_TRY
  // mode: 0 bilinear, 1 nearest, 2 bicubic, 3 area (adaptive average pooling, as PyTorch does).
  switch (mode) {
    case 0: return wrap(at::upsample_bilinear2d(T(input), pair(size), align_corners != 0));
    case 1: return wrap(at::upsample_nearest2d(T(input), pair(size)));
    case 2: return wrap(at::upsample_bicubic2d(T(input), pair(size), align_corners != 0));
    case 3: return wrap(at::adaptive_avg_pool2d(T(input), pair(size)));
    default: throw std::invalid_argument("interpolate: unknown mode " + std::to_string(mode));
  }
  LB_CATCH(nullptr)
}

}  // extern "C"
