using System.Runtime.InteropServices;

namespace LossBench.Torch.Native;

/// <summary>
/// The P/Invoke surface of liblossbench_torch, one declaration per entry point of
/// native/include/lossbench_torch.h (operation lists first, then the header's order). Tensors go
/// in as <see cref="TensorHandle"/> (the marshaller keeps them alive for the call) and come back
/// as raw pointers that <see cref="Tensor"/> takes ownership of.
/// </summary>
internal static unsafe partial class LibTorch
{
    private const string Lib = NativeLibraryLoader.LibraryName;

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_neg(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_abs(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_exp(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_exp2(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_expm1(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_log(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_log2(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_log10(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_log1p(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_sqrt(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_rsqrt(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_square(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_sin(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_cos(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_tan(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_asin(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_acos(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_atan(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_sinh(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_cosh(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_tanh(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_asinh(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_acosh(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_atanh(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_sigmoid(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_relu(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_floor(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_ceil(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_round(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_trunc(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_frac(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_sign(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_erf(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_erfc(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_erfinv(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_lgamma(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_digamma(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_reciprocal(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_logical_not(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_bitwise_not(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_isnan(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_isinf(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_isfinite(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_i0(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_i0e(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_i1(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_i1e(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_ndtr(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_ndtri(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_log_ndtr(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_entr(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_erfcx(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_expit(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_detach(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_clone(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_t(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_zeros_like(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_ones_like(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_empty_like(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_nonzero(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_silu(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_mish(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_selu(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_relu6(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_hardswish(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_hardsigmoid(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_log_sigmoid(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_flatten(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_ravel(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_signbit(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_logdet(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_inverse(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_trace(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_diag(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_contiguous(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_mul(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_div(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_maximum(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_minimum(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_fmax(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_fmin(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_pow(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_atan2(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_fmod(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_remainder(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_eq(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_ne(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_lt(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_le(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_gt(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_ge(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_logical_and(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_logical_or(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_logical_xor(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_bitwise_and(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_bitwise_or(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_bitwise_xor(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_xlogy(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_special_xlog1py(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_matmul(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_mm(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_bmm(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_dot(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_outer(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_copysign(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_hypot(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_floor_divide(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_kron(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_expand_as(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_reshape_as(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_type_as(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_mul_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_div_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_pow_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_fmod_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_remainder_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_eq_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_ne_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_lt_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_le_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_gt_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_ge_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_clamp_min_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_clamp_max_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_xlogy_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_floor_divide_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_last_error();

    [LibraryImport(Lib)]
    internal static partial long lb_live_tensors();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int lb_set_env(string name, string value);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_torch_version();

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_build_config();

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_blas_core();

    [LibraryImport(Lib)]
    internal static partial int lb_cuda_is_available();

    [LibraryImport(Lib)]
    internal static partial int lb_cuda_device_count();

    [LibraryImport(Lib)]
    internal static partial void lb_manual_seed(ulong seed);

    [LibraryImport(Lib)]
    internal static partial int lb_set_num_threads(int n);

    [LibraryImport(Lib)]
    internal static partial int lb_get_num_threads();

    [LibraryImport(Lib)]
    internal static partial int lb_use_deterministic_algorithms(int enabled);

    [LibraryImport(Lib)]
    internal static partial int lb_grad_set_enabled(int enabled);

    [LibraryImport(Lib)]
    internal static partial int lb_grad_is_enabled();

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_generator_new(ulong seed, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial void lb_generator_free(IntPtr g);

    [LibraryImport(Lib)]
    internal static partial int lb_generator_set_seed(IntPtr g, ulong seed);

    [LibraryImport(Lib)]
    internal static partial ulong lb_generator_initial_seed(IntPtr g);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_generator_get_state(IntPtr g);

    [LibraryImport(Lib)]
    internal static partial int lb_generator_set_state(IntPtr g, TensorHandle state);

    [LibraryImport(Lib)]
    internal static partial void lb_tensor_free(IntPtr t);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_dim(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_shape(TensorHandle t, long* @out, int capacity);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_size(TensorHandle t, long dim, long* @out);

    [LibraryImport(Lib)]
    internal static partial long lb_tensor_numel(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_dtype(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_device(TensorHandle t, int* type, int* index);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_is_contiguous(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_requires_grad(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_set_requires_grad(TensorHandle t, int requires_grad);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_is_leaf(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_set_data(TensorHandle t, TensorHandle source);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_item(TensorHandle t, double* value);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_item_long(TensorHandle t, long* value);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_copy_to(TensorHandle t, void* dst, long nbytes);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_to_string(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_grad_fn_name(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_from_data(void* data, long* shape, int ndim, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_empty(long* shape, int ndim, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_zeros(long* shape, int ndim, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_ones(long* shape, int ndim, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_full(long* shape, int ndim, LbScalar value, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_arange(LbScalar start, LbScalar end, LbScalar step, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_linspace(double start, double end, long steps, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_eye(long n, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_rand(long* shape, int ndim, IntPtr g, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_randn(long* shape, int ndim, IntPtr g, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_randint(long low, long high, long* shape, int ndim, IntPtr g, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_randperm(long n, IntPtr g, int dtype, int device_type, int device_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_full_like(TensorHandle t, LbScalar value);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_rand_like(TensorHandle t, IntPtr g);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_randn_like(TensorHandle t, IntPtr g);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_bernoulli(TensorHandle probs, IntPtr g);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_multinomial(TensorHandle probs, long n, int replacement, IntPtr g);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_add(TensorHandle a, TensorHandle b, LbScalar alpha);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_sub(TensorHandle a, TensorHandle b, LbScalar alpha);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_add_scalar(TensorHandle a, LbScalar b, LbScalar alpha);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_sub_scalar(TensorHandle a, LbScalar b, LbScalar alpha);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_rsub_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_rdiv_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_rpow_scalar(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_clamp(TensorHandle a, double* min, double* max);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_clamp_tensor(TensorHandle a, TensorHandle min, TensorHandle max);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_where(TensorHandle cond, TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_lerp(TensorHandle a, TensorHandle b, LbScalar weight);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_addmm(TensorHandle self, TensorHandle a, TensorHandle b, LbScalar beta, LbScalar alpha);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr lb_tensor_einsum(string equation, IntPtr* operands, int n);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_to(TensorHandle a, int dtype, int device_type, int device_index, int copy);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, int equal_nan, int* result);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_equal(TensorHandle a, TensorHandle b, int* result);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_add_(TensorHandle a, TensorHandle b, LbScalar alpha);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_add_scalar_(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_mul_(TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_mul_scalar_(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_div_scalar_(TensorHandle a, LbScalar b);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_copy_(TensorHandle dst, TensorHandle src);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_fill_(TensorHandle a, LbScalar value);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_zero_(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_clamp_(TensorHandle a, double* min, double* max);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_uniform_(TensorHandle a, double from, double to, IntPtr g);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_normal_(TensorHandle a, double mean, double std, IntPtr g);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_bernoulli_(TensorHandle a, double p, IntPtr g);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_masked_fill_(TensorHandle a, TensorHandle mask, LbScalar value);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_index_put_(TensorHandle a, LbIndex* idx, int n, TensorHandle value);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_index_put_scalar_(TensorHandle a, LbIndex* idx, int n, LbScalar value);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_sum(TensorHandle a, long* dims, int ndims, int keepdim, int dtype);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_mean(TensorHandle a, long* dims, int ndims, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_prod(TensorHandle a, long dim, int has_dim, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_var(TensorHandle a, long* dims, int ndims, long correction, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_std(TensorHandle a, long* dims, int ndims, long correction, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_amax(TensorHandle a, long* dims, int ndims, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_amin(TensorHandle a, long* dims, int ndims, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_logsumexp(TensorHandle a, long* dims, int ndims, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_norm(TensorHandle a, double p, long* dims, int ndims, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_all(TensorHandle a, long dim, int has_dim, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_any(TensorHandle a, long dim, int has_dim, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_argmax(TensorHandle a, long dim, int has_dim, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_argmin(TensorHandle a, long dim, int has_dim, int keepdim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_count_nonzero(TensorHandle a, long* dims, int ndims);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_max_dim(TensorHandle a, long dim, int keepdim, IntPtr* values, IntPtr* indices);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_min_dim(TensorHandle a, long dim, int keepdim, IntPtr* values, IntPtr* indices);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_sort(TensorHandle a, long dim, int descending, int stable, IntPtr* values, IntPtr* indices);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_topk(TensorHandle a, long k, long dim, int largest, int sorted, IntPtr* values, IntPtr* indices);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_cumsum(TensorHandle a, long dim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_cumprod(TensorHandle a, long dim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_argsort(TensorHandle a, long dim, int descending);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_bincount(TensorHandle a, TensorHandle weights, long minlength);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_histc(TensorHandle a, long bins, double min, double max);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_reshape(TensorHandle a, long* shape, int ndim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_view(TensorHandle a, long* shape, int ndim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_expand(TensorHandle a, long* shape, int ndim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_repeat(TensorHandle a, long* repeats, int ndim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_permute(TensorHandle a, long* dims, int ndim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_flip(TensorHandle a, long* dims, int ndim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_roll(TensorHandle a, long* shifts, long* dims, int n);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_squeeze(TensorHandle a, long dim, int has_dim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_unsqueeze(TensorHandle a, long dim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_transpose(TensorHandle a, long dim0, long dim1);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_flatten_range(TensorHandle a, long start_dim, long end_dim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_narrow(TensorHandle a, long dim, long start, long length);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_select(TensorHandle a, long dim, long index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_cat(IntPtr* tensors, int n, long dim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_stack(IntPtr* tensors, int n, long dim);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_chunk(TensorHandle a, long chunks, long dim, IntPtr* @out, int capacity);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_split(TensorHandle a, long size, long dim, IntPtr* @out, int capacity);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_index(TensorHandle a, LbIndex* idx, int n);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_index_select(TensorHandle a, long dim, TensorHandle index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_gather(TensorHandle a, long dim, TensorHandle index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_scatter(TensorHandle a, long dim, TensorHandle index, TensorHandle src);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_scatter_value(TensorHandle a, long dim, TensorHandle index, LbScalar value);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_scatter_add(TensorHandle a, long dim, TensorHandle index, TensorHandle src);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_masked_select(TensorHandle a, TensorHandle mask);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_masked_fill(TensorHandle a, TensorHandle mask, LbScalar value);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_tril(TensorHandle a, long diagonal);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_tensor_triu(TensorHandle a, long diagonal);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_backward(TensorHandle t, TensorHandle grad, int retain_graph, int create_graph);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_grad(TensorHandle t, IntPtr* @out);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_set_grad(TensorHandle t, TensorHandle grad);

    [LibraryImport(Lib)]
    internal static partial int lb_tensor_retain_grad(TensorHandle t);

    [LibraryImport(Lib)]
    internal static partial int lb_autograd_grad(IntPtr* outputs, int n_outputs, IntPtr* inputs, int n_inputs, IntPtr* grad_outputs, int n_grad_outputs, int retain_graph, int create_graph, int allow_unused, IntPtr* @out);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_linear(TensorHandle input, TensorHandle weight, TensorHandle bias);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_conv2d(TensorHandle input, TensorHandle weight, TensorHandle bias, long* stride, long* padding, long* dilation, long groups);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_batch_norm(TensorHandle input, TensorHandle weight, TensorHandle bias, TensorHandle running_mean, TensorHandle running_var, int training, double momentum, double eps);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_layer_norm(TensorHandle input, long* shape, int ndim, TensorHandle weight, TensorHandle bias, double eps);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_gelu(TensorHandle input, int tanh_approximation);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_softplus(TensorHandle input, double beta, double threshold);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_leaky_relu(TensorHandle input, double negative_slope);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_elu(TensorHandle input, double alpha);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_max_pool2d(TensorHandle input, long* kernel, long* stride, long* padding, long* dilation, int ceil_mode);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_relu_max_pool2d(TensorHandle input, long* kernel, long* stride, long* padding, long* dilation, int ceil_mode);

    [LibraryImport(Lib)]
    internal static partial int lb_nn_max_pool2x2_kernel(TensorHandle input, int kernel, int relu_first, IntPtr* values, IntPtr* indices);

    [LibraryImport(Lib)]
    internal static partial int lb_nn_max_pool2d_with_indices(TensorHandle input, long* kernel, long* stride, long* padding, long* dilation, int ceil_mode, IntPtr* values, IntPtr* indices);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_avg_pool2d(TensorHandle input, long* kernel, long* stride, long* padding, int ceil_mode, int count_include_pad);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_adaptive_avg_pool2d(TensorHandle input, long* output_size);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_adaptive_max_pool2d(TensorHandle input, long* output_size);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_dropout(TensorHandle input, double p, int training, IntPtr g);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_softmax(TensorHandle input, long dim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_log_softmax(TensorHandle input, long dim);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction, long ignore_index, double label_smoothing);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_nll_loss(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction, long ignore_index);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_binary_cross_entropy_with_logits(TensorHandle input, TensorHandle target, TensorHandle weight, TensorHandle pos_weight, int reduction);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_binary_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_mse_loss(TensorHandle input, TensorHandle target, int reduction);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_l1_loss(TensorHandle input, TensorHandle target, int reduction);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_kl_div(TensorHandle input, TensorHandle target, int reduction, int log_target);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_one_hot(TensorHandle labels, long num_classes);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr lb_nn_pad(TensorHandle input, long* pad, int npad, string mode, double value);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_affine_grid(TensorHandle theta, long* size, int ndim, int align_corners);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_grid_sample(TensorHandle input, TensorHandle grid, int mode, int padding_mode, int align_corners);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_nn_interpolate(TensorHandle input, long* size, int mode, int align_corners);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_optim_sgd_new(IntPtr* @params, int n, double lr, double momentum, double dampening, double weight_decay, int nesterov, int fused);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_optim_adam_new(IntPtr* @params, int n, double lr, double beta1, double beta2, double eps, double weight_decay, int amsgrad);

    [LibraryImport(Lib)]
    internal static partial IntPtr lb_optim_adamw_new(IntPtr* @params, int n, double lr, double beta1, double beta2, double eps, double weight_decay, int amsgrad);

    [LibraryImport(Lib)]
    internal static partial void lb_optim_free(IntPtr o);

    [LibraryImport(Lib)]
    internal static partial int lb_optim_step(IntPtr o);

    [LibraryImport(Lib)]
    internal static partial int lb_optim_zero_grad(IntPtr o, int set_to_none);

    [LibraryImport(Lib)]
    internal static partial int lb_optim_set_lr(IntPtr o, double lr);

    [LibraryImport(Lib)]
    internal static partial int lb_optim_get_lr(IntPtr o, double* lr);
}
