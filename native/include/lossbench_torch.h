/*
 * lossbench_torch.h - the C ABI of liblossbench_torch, a thin layer over libtorch.
 *
 * Conventions
 *  - Functions are named lb_<area>_<op>.
 *  - A tensor is an opaque handle (an at::Tensor* behind it) owned by exactly one caller; free it
 *    with lb_tensor_free. lb_live_tensors() counts the handles not yet freed.
 *  - Every entry point catches C++ exceptions. A function that returns a handle returns NULL on
 *    failure; one that returns a status returns non-zero; in both cases lb_last_error() holds
 *    libtorch's message for the calling thread until the next failure.
 *  - Optional tensor arguments are NULL when absent. Shapes are (const int64_t*, int) pairs.
 *  - Operations whose result may legitimately be absent (a gradient that was never computed)
 *    return a status and write NULL into their out-parameter.
 *  - Element types use c10::ScalarType codes; devices use c10::DeviceType codes and an index.
 *
 * Lists of operations of one shape are X-macros, so the header, the implementation and the
 * managed bindings cannot drift apart silently: an entry here that libtorch lacks fails to build.
 */
#ifndef LOSSBENCH_TORCH_H
#define LOSSBENCH_TORCH_H

#include <stdint.h>

#if defined(LB_BUILDING)
#define LB_API __attribute__((visibility("default")))
#else
#define LB_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef void* lb_tensor;
typedef void* lb_generator;
typedef void* lb_optimizer;

/* A scalar argument: kind 0 = floating (d), 1 = integral (i), 2 = boolean (i != 0). */
typedef struct lb_scalar {
  double d;
  int64_t i;
  int32_t kind;
} lb_scalar;

/* One element of an indexing expression, as in tensor[...] in PyTorch.
 * kind: 0 = None (new axis), 1 = Ellipsis, 2 = integer (start), 3 = slice (start, stop, step;
 * INT64_MIN for an omitted bound), 4 = tensor (long indices or boolean mask), 5 = bool (start). */
typedef struct lb_index {
  int32_t kind;
  int64_t start;
  int64_t stop;
  int64_t step;
  lb_tensor tensor;
} lb_index;

/* ---- errors, diagnostics, global settings ---------------------------------------------- */
LB_API const char* lb_last_error(void);
LB_API int64_t lb_live_tensors(void);
LB_API int lb_set_env(const char* name, const char* value); /* before libtorch's first use */
LB_API const char* lb_torch_version(void);
LB_API const char* lb_build_config(void); /* at::show_config() */
LB_API const char* lb_blas_core(void);     /* OpenBLAS's kernel set (openblas_get_corename), NULL for another BLAS */
LB_API int lb_cuda_is_available(void);
LB_API int lb_cuda_device_count(void);
LB_API void lb_manual_seed(uint64_t seed);
LB_API int lb_set_num_threads(int n);
LB_API int lb_get_num_threads(void);
LB_API int lb_use_deterministic_algorithms(int enabled);
LB_API int lb_grad_set_enabled(int enabled); /* returns the previous setting, thread-local */
LB_API int lb_grad_is_enabled(void);

/* ---- generators --------------------------------------------------------------------------- */
LB_API lb_generator lb_generator_new(uint64_t seed, int device_type, int device_index);
LB_API void lb_generator_free(lb_generator g);
LB_API int lb_generator_set_seed(lb_generator g, uint64_t seed);
LB_API uint64_t lb_generator_initial_seed(lb_generator g);
LB_API lb_tensor lb_generator_get_state(lb_generator g);
LB_API int lb_generator_set_state(lb_generator g, lb_tensor state);

/* ---- tensor lifetime and metadata ------------------------------------------------------- */
LB_API void lb_tensor_free(lb_tensor t);
LB_API int lb_tensor_dim(lb_tensor t);
LB_API int lb_tensor_shape(lb_tensor t, int64_t* out, int capacity); /* returns dim or -1 */
LB_API int lb_tensor_size(lb_tensor t, int64_t dim, int64_t* out); /* negative dim counts from the end */
LB_API int64_t lb_tensor_numel(lb_tensor t);
LB_API int lb_tensor_dtype(lb_tensor t);
LB_API int lb_tensor_device(lb_tensor t, int* type, int* index);
LB_API int lb_tensor_is_contiguous(lb_tensor t);
LB_API int lb_tensor_requires_grad(lb_tensor t);
LB_API int lb_tensor_set_requires_grad(lb_tensor t, int requires_grad);
LB_API int lb_tensor_is_leaf(lb_tensor t);
/* Replaces t's data (device, dtype, storage) with source's, keeping t's identity and autograd
 * settings: how PyTorch's Module.to() moves parameters that optimizers already hold. */
LB_API int lb_tensor_set_data(lb_tensor t, lb_tensor source);
LB_API int lb_tensor_item(lb_tensor t, double* value);
LB_API int lb_tensor_item_long(lb_tensor t, int64_t* value);
/* Copies the elements (row-major, converted to the tensor's own dtype) into dst. */
LB_API int lb_tensor_copy_to(lb_tensor t, void* dst, int64_t nbytes);
LB_API const char* lb_tensor_to_string(lb_tensor t);
/* The name of the autograd node that made t ("" for a leaf or a tensor made without one). */
LB_API const char* lb_tensor_grad_fn_name(lb_tensor t);

/* ---- factories ---------------------------------------------------------------------------- */
LB_API lb_tensor lb_tensor_from_data(const void* data, const int64_t* shape, int ndim, int dtype,
                                     int device_type, int device_index);
LB_API lb_tensor lb_tensor_empty(const int64_t* shape, int ndim, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_zeros(const int64_t* shape, int ndim, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_ones(const int64_t* shape, int ndim, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_full(const int64_t* shape, int ndim, lb_scalar value, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_arange(lb_scalar start, lb_scalar end, lb_scalar step, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_linspace(double start, double end, int64_t steps, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_eye(int64_t n, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_rand(const int64_t* shape, int ndim, lb_generator g, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_randn(const int64_t* shape, int ndim, lb_generator g, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, lb_generator g, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_randperm(int64_t n, lb_generator g, int dtype, int device_type, int device_index);
LB_API lb_tensor lb_tensor_full_like(lb_tensor t, lb_scalar value);
LB_API lb_tensor lb_tensor_rand_like(lb_tensor t, lb_generator g);
LB_API lb_tensor lb_tensor_randn_like(lb_tensor t, lb_generator g);
LB_API lb_tensor lb_tensor_bernoulli(lb_tensor probs, lb_generator g);
LB_API lb_tensor lb_tensor_multinomial(lb_tensor probs, int64_t n, int replacement, lb_generator g);

/* ---- element-wise and matrix operations ------------------------------------------------ */
#define LB_UNARY_OPS(X)                                                                      \
  X(neg) X(abs) X(exp) X(exp2) X(expm1) X(log) X(log2) X(log10) X(log1p) X(sqrt) X(rsqrt)   \
  X(square) X(sin) X(cos) X(tan) X(asin) X(acos) X(atan) X(sinh) X(cosh) X(tanh) X(asinh)   \
  X(acosh) X(atanh) X(sigmoid) X(relu) X(floor) X(ceil) X(round) X(trunc) X(frac) X(sign)   \
  X(erf) X(erfc) X(erfinv) X(lgamma) X(digamma) X(reciprocal) X(logical_not) X(bitwise_not) \
  X(isnan) X(isinf) X(isfinite) X(i0) X(special_i0e) X(special_i1) X(special_i1e)           \
  X(special_ndtr) X(special_ndtri) X(special_log_ndtr) X(special_entr) X(special_erfcx)     \
  X(special_expit) X(detach) X(clone) X(t) X(zeros_like) X(ones_like)          \
  X(empty_like) X(nonzero) X(silu) X(mish) X(selu) X(relu6) X(hardswish) X(hardsigmoid)      \
  X(log_sigmoid) X(flatten) X(ravel) X(signbit) X(logdet) X(inverse) X(trace) X(diag)

#define LB_BINARY_OPS(X)                                                                     \
  X(mul) X(div) X(maximum) X(minimum) X(fmax) X(fmin) X(pow) X(atan2) X(fmod) X(remainder)  \
  X(eq) X(ne) X(lt) X(le) X(gt) X(ge) X(logical_and) X(logical_or) X(logical_xor)           \
  X(bitwise_and) X(bitwise_or) X(bitwise_xor) X(xlogy) X(special_xlog1py) X(matmul) X(mm)   \
  X(bmm) X(dot) X(outer) X(copysign) X(hypot) X(floor_divide) X(kron)

/* Operations that exist only as methods of at::Tensor. */
#define LB_UNARY_METHOD_OPS(X) X(contiguous)
#define LB_BINARY_METHOD_OPS(X) X(expand_as) X(reshape_as) X(type_as)

#define LB_SCALAR_OPS(X)                                                                     \
  X(mul) X(div) X(pow) X(fmod) X(remainder) X(eq) X(ne) X(lt) X(le) X(gt) X(ge)             \
  X(clamp_min) X(clamp_max) X(xlogy) X(floor_divide)

#define LB_DECLARE_UNARY(op) LB_API lb_tensor lb_tensor_##op(lb_tensor a);
#define LB_DECLARE_BINARY(op) LB_API lb_tensor lb_tensor_##op(lb_tensor a, lb_tensor b);
#define LB_DECLARE_SCALAR(op) LB_API lb_tensor lb_tensor_##op##_scalar(lb_tensor a, lb_scalar b);
LB_UNARY_OPS(LB_DECLARE_UNARY)
LB_UNARY_METHOD_OPS(LB_DECLARE_UNARY)
LB_BINARY_OPS(LB_DECLARE_BINARY)
LB_BINARY_METHOD_OPS(LB_DECLARE_BINARY)
LB_SCALAR_OPS(LB_DECLARE_SCALAR)

LB_API lb_tensor lb_tensor_add(lb_tensor a, lb_tensor b, lb_scalar alpha);
LB_API lb_tensor lb_tensor_sub(lb_tensor a, lb_tensor b, lb_scalar alpha);
LB_API lb_tensor lb_tensor_add_scalar(lb_tensor a, lb_scalar b, lb_scalar alpha);
LB_API lb_tensor lb_tensor_sub_scalar(lb_tensor a, lb_scalar b, lb_scalar alpha);
LB_API lb_tensor lb_tensor_rsub_scalar(lb_tensor a, lb_scalar b);      /* b - a */
LB_API lb_tensor lb_tensor_rdiv_scalar(lb_tensor a, lb_scalar b);      /* b / a */
LB_API lb_tensor lb_tensor_rpow_scalar(lb_tensor a, lb_scalar b);      /* b ** a */
LB_API lb_tensor lb_tensor_clamp(lb_tensor a, const double* min, const double* max);
LB_API lb_tensor lb_tensor_clamp_tensor(lb_tensor a, lb_tensor min, lb_tensor max);
LB_API lb_tensor lb_tensor_where(lb_tensor cond, lb_tensor a, lb_tensor b);
LB_API lb_tensor lb_tensor_lerp(lb_tensor a, lb_tensor b, lb_scalar weight);
LB_API lb_tensor lb_tensor_addmm(lb_tensor self, lb_tensor a, lb_tensor b, lb_scalar beta, lb_scalar alpha);
LB_API lb_tensor lb_tensor_einsum(const char* equation, const lb_tensor* operands, int n);
LB_API lb_tensor lb_tensor_to(lb_tensor a, int dtype, int device_type, int device_index, int copy);
LB_API int lb_tensor_allclose(lb_tensor a, lb_tensor b, double rtol, double atol, int equal_nan, int* result);
LB_API int lb_tensor_equal(lb_tensor a, lb_tensor b, int* result);

/* ---- in-place operations (return status) ------------------------------------------------ */
LB_API int lb_tensor_add_(lb_tensor a, lb_tensor b, lb_scalar alpha);
LB_API int lb_tensor_add_scalar_(lb_tensor a, lb_scalar b);
LB_API int lb_tensor_mul_(lb_tensor a, lb_tensor b);
LB_API int lb_tensor_mul_scalar_(lb_tensor a, lb_scalar b);
LB_API int lb_tensor_div_scalar_(lb_tensor a, lb_scalar b);
LB_API int lb_tensor_copy_(lb_tensor dst, lb_tensor src);
LB_API int lb_tensor_fill_(lb_tensor a, lb_scalar value);
LB_API int lb_tensor_zero_(lb_tensor a);
LB_API int lb_tensor_clamp_(lb_tensor a, const double* min, const double* max);
LB_API int lb_tensor_uniform_(lb_tensor a, double from, double to, lb_generator g);
LB_API int lb_tensor_normal_(lb_tensor a, double mean, double std, lb_generator g);
LB_API int lb_tensor_bernoulli_(lb_tensor a, double p, lb_generator g);
LB_API int lb_tensor_masked_fill_(lb_tensor a, lb_tensor mask, lb_scalar value);
LB_API int lb_tensor_index_put_(lb_tensor a, const lb_index* idx, int n, lb_tensor value);
LB_API int lb_tensor_index_put_scalar_(lb_tensor a, const lb_index* idx, int n, lb_scalar value);

/* ---- reductions --------------------------------------------------------------------------- */
/* dims == NULL with ndims == 0 reduces over all elements. dtype < 0 keeps the default. */
LB_API lb_tensor lb_tensor_sum(lb_tensor a, const int64_t* dims, int ndims, int keepdim, int dtype);
LB_API lb_tensor lb_tensor_mean(lb_tensor a, const int64_t* dims, int ndims, int keepdim);
LB_API lb_tensor lb_tensor_prod(lb_tensor a, int64_t dim, int has_dim, int keepdim);
LB_API lb_tensor lb_tensor_var(lb_tensor a, const int64_t* dims, int ndims, int64_t correction, int keepdim);
LB_API lb_tensor lb_tensor_std(lb_tensor a, const int64_t* dims, int ndims, int64_t correction, int keepdim);
LB_API lb_tensor lb_tensor_amax(lb_tensor a, const int64_t* dims, int ndims, int keepdim);
LB_API lb_tensor lb_tensor_amin(lb_tensor a, const int64_t* dims, int ndims, int keepdim);
LB_API lb_tensor lb_tensor_logsumexp(lb_tensor a, const int64_t* dims, int ndims, int keepdim);
LB_API lb_tensor lb_tensor_norm(lb_tensor a, double p, const int64_t* dims, int ndims, int keepdim);
LB_API lb_tensor lb_tensor_all(lb_tensor a, int64_t dim, int has_dim, int keepdim);
LB_API lb_tensor lb_tensor_any(lb_tensor a, int64_t dim, int has_dim, int keepdim);
LB_API lb_tensor lb_tensor_argmax(lb_tensor a, int64_t dim, int has_dim, int keepdim);
LB_API lb_tensor lb_tensor_argmin(lb_tensor a, int64_t dim, int has_dim, int keepdim);
LB_API lb_tensor lb_tensor_count_nonzero(lb_tensor a, const int64_t* dims, int ndims);
/* max/min along a dimension: values and indices. */
LB_API int lb_tensor_max_dim(lb_tensor a, int64_t dim, int keepdim, lb_tensor* values, lb_tensor* indices);
LB_API int lb_tensor_min_dim(lb_tensor a, int64_t dim, int keepdim, lb_tensor* values, lb_tensor* indices);
LB_API int lb_tensor_sort(lb_tensor a, int64_t dim, int descending, int stable, lb_tensor* values, lb_tensor* indices);
LB_API int lb_tensor_topk(lb_tensor a, int64_t k, int64_t dim, int largest, int sorted, lb_tensor* values, lb_tensor* indices);
LB_API lb_tensor lb_tensor_cumsum(lb_tensor a, int64_t dim);
LB_API lb_tensor lb_tensor_cumprod(lb_tensor a, int64_t dim);
LB_API lb_tensor lb_tensor_argsort(lb_tensor a, int64_t dim, int descending);
LB_API lb_tensor lb_tensor_bincount(lb_tensor a, lb_tensor weights, int64_t minlength);
LB_API lb_tensor lb_tensor_histc(lb_tensor a, int64_t bins, double min, double max);

/* ---- shape, joining and indexing ---------------------------------------------------------- */
LB_API lb_tensor lb_tensor_reshape(lb_tensor a, const int64_t* shape, int ndim);
LB_API lb_tensor lb_tensor_view(lb_tensor a, const int64_t* shape, int ndim);
LB_API lb_tensor lb_tensor_expand(lb_tensor a, const int64_t* shape, int ndim);
LB_API lb_tensor lb_tensor_repeat(lb_tensor a, const int64_t* repeats, int ndim);
LB_API lb_tensor lb_tensor_permute(lb_tensor a, const int64_t* dims, int ndim);
LB_API lb_tensor lb_tensor_flip(lb_tensor a, const int64_t* dims, int ndim);
LB_API lb_tensor lb_tensor_roll(lb_tensor a, const int64_t* shifts, const int64_t* dims, int n);
LB_API lb_tensor lb_tensor_squeeze(lb_tensor a, int64_t dim, int has_dim);
LB_API lb_tensor lb_tensor_unsqueeze(lb_tensor a, int64_t dim);
LB_API lb_tensor lb_tensor_transpose(lb_tensor a, int64_t dim0, int64_t dim1);
LB_API lb_tensor lb_tensor_flatten_range(lb_tensor a, int64_t start_dim, int64_t end_dim);
LB_API lb_tensor lb_tensor_narrow(lb_tensor a, int64_t dim, int64_t start, int64_t length);
LB_API lb_tensor lb_tensor_select(lb_tensor a, int64_t dim, int64_t index);
LB_API lb_tensor lb_tensor_cat(const lb_tensor* tensors, int n, int64_t dim);
LB_API lb_tensor lb_tensor_stack(const lb_tensor* tensors, int n, int64_t dim);
/* chunk/split write up to capacity handles into out and return how many (or -1). */
LB_API int lb_tensor_chunk(lb_tensor a, int64_t chunks, int64_t dim, lb_tensor* out, int capacity);
LB_API int lb_tensor_split(lb_tensor a, int64_t size, int64_t dim, lb_tensor* out, int capacity);
LB_API lb_tensor lb_tensor_index(lb_tensor a, const lb_index* idx, int n);
LB_API lb_tensor lb_tensor_index_select(lb_tensor a, int64_t dim, lb_tensor index);
LB_API lb_tensor lb_tensor_gather(lb_tensor a, int64_t dim, lb_tensor index);
LB_API lb_tensor lb_tensor_scatter(lb_tensor a, int64_t dim, lb_tensor index, lb_tensor src);
LB_API lb_tensor lb_tensor_scatter_value(lb_tensor a, int64_t dim, lb_tensor index, lb_scalar value);
LB_API lb_tensor lb_tensor_scatter_add(lb_tensor a, int64_t dim, lb_tensor index, lb_tensor src);
LB_API lb_tensor lb_tensor_masked_select(lb_tensor a, lb_tensor mask);
LB_API lb_tensor lb_tensor_masked_fill(lb_tensor a, lb_tensor mask, lb_scalar value);
LB_API lb_tensor lb_tensor_tril(lb_tensor a, int64_t diagonal);
LB_API lb_tensor lb_tensor_triu(lb_tensor a, int64_t diagonal);

/* ---- autograd ------------------------------------------------------------------------------- */
LB_API int lb_tensor_backward(lb_tensor t, lb_tensor grad, int retain_graph, int create_graph);
LB_API int lb_tensor_grad(lb_tensor t, lb_tensor* out); /* *out = NULL when there is no grad */
LB_API int lb_tensor_set_grad(lb_tensor t, lb_tensor grad); /* grad NULL clears it */
LB_API int lb_tensor_retain_grad(lb_tensor t);
/* out receives n_inputs handles; an unused input gives NULL when allow_unused is set. */
LB_API int lb_autograd_grad(const lb_tensor* outputs, int n_outputs, const lb_tensor* inputs, int n_inputs,
                            const lb_tensor* grad_outputs, int n_grad_outputs, int retain_graph,
                            int create_graph, int allow_unused, lb_tensor* out);

/* ---- nn.functional ------------------------------------------------------------------------ */
LB_API lb_tensor lb_nn_linear(lb_tensor input, lb_tensor weight, lb_tensor bias);
LB_API lb_tensor lb_nn_conv2d(lb_tensor input, lb_tensor weight, lb_tensor bias, const int64_t* stride,
                              const int64_t* padding, const int64_t* dilation, int64_t groups);
LB_API lb_tensor lb_nn_batch_norm(lb_tensor input, lb_tensor weight, lb_tensor bias, lb_tensor running_mean,
                                  lb_tensor running_var, int training, double momentum, double eps);
LB_API lb_tensor lb_nn_layer_norm(lb_tensor input, const int64_t* shape, int ndim, lb_tensor weight,
                                  lb_tensor bias, double eps);
LB_API lb_tensor lb_nn_gelu(lb_tensor input, int tanh_approximation);
LB_API lb_tensor lb_nn_softplus(lb_tensor input, double beta, double threshold);
LB_API lb_tensor lb_nn_leaky_relu(lb_tensor input, double negative_slope);
LB_API lb_tensor lb_nn_elu(lb_tensor input, double alpha);
/* A 2x2, stride-2 pool of a contiguous float32 CPU NCHW tensor takes LossBench's own kernel
 * (native/src/max_pool.h: the same values, indices and gradients as libtorch's); anything else
 * takes at::max_pool2d. */
LB_API lb_tensor lb_nn_max_pool2d(lb_tensor input, const int64_t* kernel, const int64_t* stride,
                                  const int64_t* padding, const int64_t* dilation, int ceil_mode);
/* max_pool2d(relu(input)); where the pool is that 2x2 one, in one pass of the same kernel (relu's
 * output is never made) with the gradient of the two steps, to the bit. */
LB_API lb_tensor lb_nn_relu_max_pool2d(lb_tensor input, const int64_t* kernel, const int64_t* stride,
                                       const int64_t* padding, const int64_t* dilation, int ceil_mode);
/* That kernel alone, with its indices and no autograd node; kernel 0 the best this CPU has,
 * 1 the portable loop, 2 the AVX-512 one (an error on a CPU without AVX-512F); relu_first pools
 * relu(input). For tests. */
LB_API int lb_nn_max_pool2x2_kernel(lb_tensor input, int kernel, int relu_first, lb_tensor* values,
                                    lb_tensor* indices);
/* libtorch's at::max_pool2d_with_indices, always (the reference the kernel above is held to). */
LB_API int lb_nn_max_pool2d_with_indices(lb_tensor input, const int64_t* kernel, const int64_t* stride,
                                         const int64_t* padding, const int64_t* dilation, int ceil_mode,
                                         lb_tensor* values, lb_tensor* indices);
LB_API lb_tensor lb_nn_avg_pool2d(lb_tensor input, const int64_t* kernel, const int64_t* stride,
                                  const int64_t* padding, int ceil_mode, int count_include_pad);
LB_API lb_tensor lb_nn_adaptive_avg_pool2d(lb_tensor input, const int64_t* output_size);
LB_API lb_tensor lb_nn_adaptive_max_pool2d(lb_tensor input, const int64_t* output_size);
/* With a generator the mask is drawn from it (reproducible per generator); without, from the
 * global one as at::dropout does. */
LB_API lb_tensor lb_nn_dropout(lb_tensor input, double p, int training, lb_generator g);
LB_API lb_tensor lb_nn_softmax(lb_tensor input, int64_t dim);
LB_API lb_tensor lb_nn_log_softmax(lb_tensor input, int64_t dim);
/* reduction: 0 none, 1 mean, 2 sum (at::Reduction). Class-index or probability targets. */
LB_API lb_tensor lb_nn_cross_entropy(lb_tensor input, lb_tensor target, lb_tensor weight, int reduction,
                                     int64_t ignore_index, double label_smoothing);
LB_API lb_tensor lb_nn_nll_loss(lb_tensor input, lb_tensor target, lb_tensor weight, int reduction,
                                int64_t ignore_index);
LB_API lb_tensor lb_nn_binary_cross_entropy_with_logits(lb_tensor input, lb_tensor target, lb_tensor weight,
                                                        lb_tensor pos_weight, int reduction);
LB_API lb_tensor lb_nn_binary_cross_entropy(lb_tensor input, lb_tensor target, lb_tensor weight, int reduction);
LB_API lb_tensor lb_nn_mse_loss(lb_tensor input, lb_tensor target, int reduction);
LB_API lb_tensor lb_nn_l1_loss(lb_tensor input, lb_tensor target, int reduction);
LB_API lb_tensor lb_nn_kl_div(lb_tensor input, lb_tensor target, int reduction, int log_target);
LB_API lb_tensor lb_nn_one_hot(lb_tensor labels, int64_t num_classes);
/* mode: "constant", "reflect", "replicate" or "circular". */
LB_API lb_tensor lb_nn_pad(lb_tensor input, const int64_t* pad, int npad, const char* mode, double value);
LB_API lb_tensor lb_nn_affine_grid(lb_tensor theta, const int64_t* size, int ndim, int align_corners);
/* mode: 0 bilinear, 1 nearest, 2 bicubic; padding: 0 zeros, 1 border, 2 reflection. */
LB_API lb_tensor lb_nn_grid_sample(lb_tensor input, lb_tensor grid, int mode, int padding_mode, int align_corners);
LB_API lb_tensor lb_nn_interpolate(lb_tensor input, const int64_t* size, int mode, int align_corners);

/* ---- optimizers (libtorch's torch::optim) ------------------------------------------------ */
LB_API lb_optimizer lb_optim_sgd_new(const lb_tensor* params, int n, double lr, double momentum, double dampening,
                                     double weight_decay, int nesterov,
                                     int fused); /* fused: one-pass update of float32 CPU parameters, same bits */
LB_API lb_optimizer lb_optim_adam_new(const lb_tensor* params, int n, double lr, double beta1, double beta2,
                                      double eps, double weight_decay, int amsgrad);
LB_API lb_optimizer lb_optim_adamw_new(const lb_tensor* params, int n, double lr, double beta1, double beta2,
                                       double eps, double weight_decay, int amsgrad);
LB_API void lb_optim_free(lb_optimizer o);
LB_API int lb_optim_step(lb_optimizer o);
LB_API int lb_optim_zero_grad(lb_optimizer o, int set_to_none);
LB_API int lb_optim_set_lr(lb_optimizer o, double lr);
LB_API int lb_optim_get_lr(lb_optimizer o, double* lr);

#ifdef __cplusplus
}
#endif

#endif /* LOSSBENCH_TORCH_H */
