// 2x2 max-pooling with stride 2 (the pooling of most small CNNs: cnn-small pools twice), for
// float32 CPU tensors in the default contiguous NCHW layout.
//
// libtorch 1.13's kernel for this layout (cpu_max_pool in ATen's MaxPoolKernel.cpp) is a generic
// scalar loop over windows of any size, stride, padding and dilation; at one thread it took about
// a quarter of a cnn-small training step (14.6 ms for one 128x32x28x28 batch, against 1.9 ms for
// the same data in channels-last, whose kernel is vectorised). This kernel computes exactly what
// that loop computes, for this one window shape:
//   maxval = -inf, maxindex = the window's first element;
//   for the window's elements in row-major order: if (v > maxval || isnan(v)) take v and its index
// so values and indices are identical to libtorch's, NaN and ties included (a tie keeps the first
// element; a NaN replaces whatever came before it, so the last NaN wins). The backward pass is
// libtorch's own max_pool2d_with_indices_backward fed with these indices, so gradients are
// identical too, and it stays differentiable for double backward.
#pragma once

#include <ATen/ATen.h>

namespace lb {

// Whether max_pool2d with these arguments can take the kernel below.
bool max_pool2x2_fits(const at::Tensor& input, at::IntArrayRef kernel, at::IntArrayRef stride,
                      at::IntArrayRef padding, at::IntArrayRef dilation, bool ceil_mode);

// The pooled values of an input that fits; records an autograd node when the input needs one.
at::Tensor max_pool2x2(const at::Tensor& input);

// Which loop computes the pool: the AVX-512 one where the CPU has it, or the portable one. Tests
// ask for each by name, so both are held to libtorch's results on a machine that has AVX-512.
enum class MaxPoolKernel { Best, Portable, Avx512 };

// Values and indices (int64, as libtorch returns them: the position within each H x W plane) of
// an input that fits, with no autograd node. Throws for Avx512 on a CPU without it. With
// relu_first, of relu(input): what relu then this pool give, values and indices alike.
std::tuple<at::Tensor, at::Tensor> max_pool2x2_with_indices(const at::Tensor& input,
                                                             MaxPoolKernel kernel = MaxPoolKernel::Best,
                                                             bool relu_first = false);

// relu then the 2x2 pool in one pass, for an input that fits: the same values as the two
// operations and, through its own autograd node, the same gradient as their two backward steps.
// Relu's output (as large as the input) is never made, and the backward pass writes each input
// gradient once instead of scattering and then masking.
at::Tensor relu_max_pool2x2(const at::Tensor& input);

}  // namespace lb
