// The 2x2, stride-2 max-pooling kernel (see max_pool.h for what it reproduces and why).
//
// The comparisons are exact, so any grouping that keeps libtorch's rule gives the same bits. The
// kernels below keep its order literally: the window's elements a (top left), b (top right),
// c (bottom left), d (bottom right) are taken in that order with "v > max || isnan(v)". The first
// comparison is against -inf, which a either beats or equals (a = -inf leaves -inf, which is a),
// so every kernel starts from a and its index.
#include "max_pool.h"

#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>
#include <immintrin.h>

#include <cmath>
#include <limits>

namespace lb {
namespace {

struct Planes {
  const float* input;
  float* output;
  int64_t* indices;  // null: values only (no autograd node needs them)
  int64_t height, width, out_height, out_width;
};

inline void take_if_greater(float v, int64_t at, float& max, int64_t& index) {
  if (v > max || std::isnan(v)) {
    max = v;
    index = at;
  }
}

// ATen's relu (clamp_min(x, 0)) to the bit: a negative number becomes +0; -0 and NaN stay as they are.
inline float relu(float v) { return v < 0.f ? 0.f : v; }

// Portable version, for CPUs without AVX-512. With Relu, each element is passed through relu first
// (the pool of relu(x), as if relu's output had been pooled).
template <bool Relu>
void pool_planes(const Planes& p, int64_t begin, int64_t end) {
  auto at = [](float v) { return Relu ? relu(v) : v; };
  const int64_t in_plane = p.height * p.width, out_plane = p.out_height * p.out_width;
  for (int64_t plane = begin; plane < end; ++plane) {
    const float* in = p.input + plane * in_plane;
    float* out = p.output + plane * out_plane;
    int64_t* ind = p.indices == nullptr ? nullptr : p.indices + plane * out_plane;
    for (int64_t oh = 0; oh < p.out_height; ++oh) {
      const int64_t top = 2 * oh * p.width, bottom = top + p.width;
      for (int64_t ow = 0; ow < p.out_width; ++ow) {
        const int64_t left = 2 * ow;
        float max = at(in[top + left]);
        int64_t index = top + left;
        take_if_greater(at(in[top + left + 1]), top + left + 1, max, index);
        take_if_greater(at(in[bottom + left]), bottom + left, max, index);
        take_if_greater(at(in[bottom + left + 1]), bottom + left + 1, max, index);
        out[oh * p.out_width + ow] = max;
        if (ind != nullptr) ind[oh * p.out_width + ow] = index;
      }
    }
  }
}

// Sixteen outputs of a row at a time: two input rows are loaded 32 floats each (masked at the
// row's end, so nothing past it is read), split into their even and odd columns, and compared
// lane by lane in the window order. The winner is tracked as its offset from a (0, 1, W, W + 1),
// which becomes libtorch's int64 index only at the store.
template <bool Relu>
__attribute__((target("avx512f"))) void pool_planes_avx512(const Planes& p, int64_t begin, int64_t end) {
  const int64_t in_plane = p.height * p.width, out_plane = p.out_height * p.out_width;
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  const __m512i right = _mm512_set1_epi32(1);
  const __m512i below = _mm512_set1_epi32(static_cast<int32_t>(p.width));
  const __m512i below_right = _mm512_set1_epi32(static_cast<int32_t>(p.width + 1));
  for (int64_t plane = begin; plane < end; ++plane) {
    const float* in = p.input + plane * in_plane;
    float* out = p.output + plane * out_plane;
    int64_t* ind = p.indices == nullptr ? nullptr : p.indices + plane * out_plane;
    for (int64_t oh = 0; oh < p.out_height; ++oh) {
      const int64_t top = 2 * oh * p.width;
      const float* row0 = in + top;
      const float* row1 = row0 + p.width;
      for (int64_t ow = 0; ow < p.out_width; ow += 16) {
        const int64_t n = std::min<int64_t>(16, p.out_width - ow);
        const __mmask16 lanes = static_cast<__mmask16>((1u << n) - 1);
        const __mmask16 first_half = n >= 8 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << (2 * n)) - 1);
        const __mmask16 second_half = n > 8 ? static_cast<__mmask16>((1u << (2 * n - 16)) - 1) : static_cast<__mmask16>(0);
        const float* r0 = row0 + 2 * ow;
        const float* r1 = row1 + 2 * ow;
        const __m512 top_lo = _mm512_maskz_loadu_ps(first_half, r0), top_hi = _mm512_maskz_loadu_ps(second_half, r0 + 16);
        const __m512 bot_lo = _mm512_maskz_loadu_ps(first_half, r1), bot_hi = _mm512_maskz_loadu_ps(second_half, r1 + 16);
        __m512 a = _mm512_permutex2var_ps(top_lo, even, top_hi);
        __m512 b = _mm512_permutex2var_ps(top_lo, odd, top_hi);
        __m512 c = _mm512_permutex2var_ps(bot_lo, even, bot_hi);
        __m512 d = _mm512_permutex2var_ps(bot_lo, odd, bot_hi);
        if (Relu) {
          // max_ps returns its second operand when the two compare equal or either is NaN, so
          // max(0, v) keeps -0 and NaN as relu does, and makes negatives +0.
          const __m512 zero = _mm512_setzero_ps();
          a = _mm512_max_ps(zero, a);
          b = _mm512_max_ps(zero, b);
          c = _mm512_max_ps(zero, c);
          d = _mm512_max_ps(zero, d);
        }

        __m512 max = a;
        __m512i offset = _mm512_setzero_si512();
        __mmask16 take = _mm512_cmp_ps_mask(b, max, _CMP_GT_OQ) | _mm512_cmp_ps_mask(b, b, _CMP_UNORD_Q);
        max = _mm512_mask_mov_ps(max, take, b);
        offset = _mm512_mask_mov_epi32(offset, take, right);
        take = _mm512_cmp_ps_mask(c, max, _CMP_GT_OQ) | _mm512_cmp_ps_mask(c, c, _CMP_UNORD_Q);
        max = _mm512_mask_mov_ps(max, take, c);
        offset = _mm512_mask_mov_epi32(offset, take, below);
        take = _mm512_cmp_ps_mask(d, max, _CMP_GT_OQ) | _mm512_cmp_ps_mask(d, d, _CMP_UNORD_Q);
        max = _mm512_mask_mov_ps(max, take, d);
        offset = _mm512_mask_mov_epi32(offset, take, below_right);

        _mm512_mask_storeu_ps(out + oh * p.out_width + ow, lanes, max);
        if (ind != nullptr) {
          // Index of a in each lane: top + 2 * (ow + lane); fits in int32 (max_pool2x2_fits).
          const __m512i left = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int32_t>(top + 2 * ow)), even);
          const __m512i index = _mm512_add_epi32(left, offset);
          int64_t* dst = ind + oh * p.out_width + ow;
          _mm512_mask_storeu_epi64(dst, static_cast<__mmask8>(lanes & 0xFF),
                                   _mm512_cvtepi32_epi64(_mm512_castsi512_si256(index)));
          _mm512_mask_storeu_epi64(dst + 8, static_cast<__mmask8>(lanes >> 8),
                                   _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(index, 1)));
        }
      }
    }
  }
}

bool cpu_has_avx512f() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}

// The fewest planes a thread takes: at least 16k outputs, so that a small batch (an evaluation's
// last few images) is not worth waking the pool for.
int64_t planes_per_thread(int64_t outputs_per_plane) {
  return std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(1, outputs_per_plane));
}

template <bool Relu>
void pool(const at::Tensor& input, at::Tensor& output, int64_t* indices, MaxPoolKernel kernel) {
  const Planes p{input.data_ptr<float>(), output.data_ptr<float>(), indices,
                 input.size(2), input.size(3), output.size(2), output.size(3)};
  const int64_t planes = input.size(0) * input.size(1);
  const int64_t grain = planes_per_thread(p.out_height * p.out_width);
  TORCH_CHECK(kernel != MaxPoolKernel::Avx512 || cpu_has_avx512f(), "this CPU has no AVX-512F");
  const bool wide = kernel == MaxPoolKernel::Avx512 || (kernel == MaxPoolKernel::Best && cpu_has_avx512f());
  at::parallel_for(0, planes, grain, [&](int64_t begin, int64_t end) {
    if (wide)
      pool_planes_avx512<Relu>(p, begin, end);
    else
      pool_planes<Relu>(p, begin, end);
  });
}

void pool(bool relu_first, const at::Tensor& input, at::Tensor& output, int64_t* indices,
          MaxPoolKernel kernel = MaxPoolKernel::Best) {
  if (relu_first)
    pool<true>(input, output, indices, kernel);
  else
    pool<false>(input, output, indices, kernel);
}

// The gradient of pool(relu(x)) with respect to x, as libtorch's two backward steps give it: the
// pool's backward adds each output's gradient to a zero at its index (0 + g: a -0 becomes +0),
// then relu's backward (threshold_backward on relu's output r) keeps it where !(r <= 0). r at an
// output's index is that output's pooled value, so the pooled values (which the next layer keeps
// anyway) tell where, and neither x nor r has to be kept for backward. One pass over the outputs
// instead of a scatter and then a pass over the whole input.
void relu_pool_backward(const at::Tensor& grad, const at::Tensor& pooled, const at::Tensor& indices, at::Tensor& grad_input) {
  const int64_t in_plane = grad_input.size(2) * grad_input.size(3), out_plane = grad.size(2) * grad.size(3);
  const float* g = grad.data_ptr<float>();
  const float* p = pooled.data_ptr<float>();
  const int64_t* ind = indices.data_ptr<int64_t>();
  float* gx = grad_input.data_ptr<float>();
  const int64_t planes = grad_input.size(0) * grad_input.size(1);
  const int64_t grain = planes_per_thread(out_plane);
  at::parallel_for(0, planes, grain, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const float* gp = g + plane * out_plane;
      const float* pp = p + plane * out_plane;
      const int64_t* ip = ind + plane * out_plane;
      float* gxp = gx + plane * in_plane;
      for (int64_t o = 0; o < out_plane; ++o)
        if (!(pp[o] <= 0.f)) gxp[ip[o]] = 0.f + gp[o];
    }
  });
}

at::Tensor empty_output(const at::Tensor& input) {
  return at::empty({input.size(0), input.size(1), input.size(2) / 2, input.size(3) / 2}, input.options());
}

const int64_t kTwo[] = {2, 2}, kZero[] = {0, 0}, kOne[] = {1, 1};

// A stand-in for the pool's input where libtorch's max_pool2d_with_indices_backward wants it: that
// function reads only its shape and options (its output's), never its values, so the nodes below
// keep the shape instead of the input. Untouched, the allocation costs address space, not memory.
at::Tensor shaped_like_input(torch::autograd::AutogradContext* ctx, const at::Tensor& grad) {
  return at::empty(ctx->saved_data["input_sizes"].toIntVector(), grad.options().memory_format(at::MemoryFormat::Contiguous));
}

// The autograd node: forward with this kernel, backward with libtorch's own scatter of the
// gradient to the saved indices (which itself has a derivative, so double backward works). Unlike
// libtorch's node it does not keep the input alive for backward, only its shape.
struct MaxPool2x2Function : public torch::autograd::Function<MaxPool2x2Function> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input) {
    auto [values, indices] = max_pool2x2_with_indices(input);
    ctx->saved_data["input_sizes"] = input.sizes().vec();
    ctx->save_for_backward({indices});
    return values;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    if (!grads[0].defined()) return {at::Tensor()};
    auto saved = ctx->get_saved_variables();
    return {at::max_pool2d_with_indices_backward(grads[0], shaped_like_input(ctx, grads[0]), kTwo, kTwo, kZero, kOne,
                                                 false, saved[0])};
  }
};

// The node of pool(relu(x)): it keeps the pooled values (its output, which the next layer keeps
// anyway) and the indices, where relu then pool kept relu's output, as large as the input; its
// backward is relu_pool_backward. Under create_graph (a double backward) it is libtorch's
// differentiable steps instead: relu's mask applied to the output gradient first (threshold_backward
// on the pooled values: what r gives at each index), then the scatter; 0 for a masked output
// scatters as the mask's 0 would, so the bits are the same.
struct ReluMaxPool2x2Function : public torch::autograd::Function<ReluMaxPool2x2Function> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input) {
    auto [values, indices] = max_pool2x2_with_indices(input, MaxPoolKernel::Best, /*relu_first=*/true);
    ctx->saved_data["input_sizes"] = input.sizes().vec();
    ctx->save_for_backward({values, indices});
    return values;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    if (!grads[0].defined()) return {at::Tensor()};
    auto saved = ctx->get_saved_variables();
    const at::Tensor& pooled = saved[0];
    const at::Tensor& indices = saved[1];
    if (at::GradMode::is_enabled()) {
      auto masked = at::threshold_backward(grads[0], pooled, 0);
      return {at::max_pool2d_with_indices_backward(masked, shaped_like_input(ctx, grads[0]), kTwo, kTwo, kZero, kOne,
                                                   false, indices)};
    }
    at::Tensor grad_input = at::zeros(ctx->saved_data["input_sizes"].toIntVector(), grads[0].options());
    relu_pool_backward(grads[0].contiguous(), pooled, indices, grad_input);
    return {grad_input};
  }
};

}  // namespace

bool max_pool2x2_fits(const at::Tensor& input, at::IntArrayRef kernel, at::IntArrayRef stride,
                      at::IntArrayRef padding, at::IntArrayRef dilation, bool ceil_mode) {
  auto is = [](at::IntArrayRef pair, int64_t v) { return pair.size() == 2 && pair[0] == v && pair[1] == v; };
  return is(kernel, 2) && is(stride, 2) && is(padding, 0) && is(dilation, 1) && !ceil_mode &&
         input.device().is_cpu() && input.layout() == at::kStrided && input.scalar_type() == at::kFloat &&
         !input.is_quantized() && input.dim() == 4 && input.is_contiguous() && input.size(0) > 0 &&
         input.size(1) > 0 && input.size(2) >= 2 && input.size(3) >= 2 &&
         input.size(2) * input.size(3) < std::numeric_limits<int32_t>::max();
}

std::tuple<at::Tensor, at::Tensor> max_pool2x2_with_indices(const at::Tensor& input, MaxPoolKernel kernel,
                                                             bool relu_first) {
  TORCH_CHECK(max_pool2x2_fits(input, kTwo, kTwo, kZero, kOne, false),
              "the 2x2 max-pool kernel takes a contiguous float32 CPU tensor (N, C, H, W) with H, W >= 2");
  at::NoGradGuard no_grad;
  at::Tensor output = empty_output(input);
  at::Tensor indices = at::empty(output.sizes(), input.options().dtype(at::kLong));
  pool(relu_first, input, output, indices.data_ptr<int64_t>(), kernel);
  return {output, indices};
}

at::Tensor max_pool2x2(const at::Tensor& input) {
  if (at::GradMode::is_enabled() && input.requires_grad()) return MaxPool2x2Function::apply(input);
  at::Tensor output = empty_output(input);
  pool(false, input, output, nullptr);
  return output;
}

at::Tensor relu_max_pool2x2(const at::Tensor& input) {
  if (at::GradMode::is_enabled() && input.requires_grad()) return ReluMaxPool2x2Function::apply(input);
  at::Tensor output = empty_output(input);
  pool(true, input, output, nullptr);
  return output;
}

}  // namespace lb
