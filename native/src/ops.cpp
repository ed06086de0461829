// Element-wise, matrix, reduction, shape and indexing operations: each forwards to the ATen
// function of the same name.
#include "common.h"

using lb::T;
using lb::wrap;

namespace {
c10::optional<at::ScalarType> maybe_dtype(int dtype) {
  if (dtype < 0) return c10::nullopt;
  return static_cast<at::ScalarType>(dtype);
}
c10::optional<int64_t> maybe_dim(int64_t dim, int has_dim) {
  if (!has_dim) return c10::nullopt;
  return dim;
}
c10::optional<at::Scalar> maybe_scalar(const double* v) {
  if (v == nullptr) return c10::nullopt;
  return at::Scalar(*v);
}
std::vector<at::Tensor> tensors(const lb_tensor* handles, int n) {
  std::vector<at::Tensor> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(T(handles[i]));
  return out;
}
int emit(const std::vector<at::Tensor>& parts, lb_tensor* out, int capacity) {
  if (static_cast<int>(parts.size()) > capacity)
    throw std::invalid_argument("result has " + std::to_string(parts.size()) + " parts but room for " +
                                std::to_string(capacity));
  for (size_t i = 0; i < parts.size(); ++i) out[i] = wrap(parts[i]);
  return static_cast<int>(parts.size());
}
int emit_pair(std::tuple<at::Tensor, at::Tensor> r, lb_tensor* a, lb_tensor* b) {
  *a = wrap(std::get<0>(r));
  *b = wrap(std::get<1>(r));
  return 0;
}
}  // namespace

extern "C" {

#define LB_DEFINE_UNARY(op) \
  lb_tensor lb_tensor_##op(lb_tensor a) { LB_RETURN_TENSOR(at::op(T(a))) }
#define LB_DEFINE_UNARY_METHOD(op) \
  lb_tensor lb_tensor_##op(lb_tensor a) { LB_RETURN_TENSOR(T(a).op()) }
#define LB_DEFINE_BINARY(op) \
  lb_tensor lb_tensor_##op(lb_tensor a, lb_tensor b) { LB_RETURN_TENSOR(at::op(T(a), T(b))) }
#define LB_DEFINE_BINARY_METHOD(op) \
  lb_tensor lb_tensor_##op(lb_tensor a, lb_tensor b) { LB_RETURN_TENSOR(T(a).op(T(b))) }
#define LB_DEFINE_SCALAR(op) \
  lb_tensor lb_tensor_##op##_scalar(lb_tensor a, lb_scalar b) { LB_RETURN_TENSOR(at::op(T(a), lb::S(b))) }
LB_UNARY_OPS(LB_DEFINE_UNARY)
LB_UNARY_METHOD_OPS(LB_DEFINE_UNARY_METHOD)
LB_BINARY_OPS(LB_DEFINE_BINARY)
LB_BINARY_METHOD_OPS(LB_DEFINE_BINARY_METHOD)
LB_SCALAR_OPS(LB_DEFINE_SCALAR)

lb_tensor lb_tensor_add(lb_tensor a, lb_tensor b, lb_scalar alpha) { LB_RETURN_TENSOR(at::add(T(a), T(b), lb::S(alpha))) }
lb_tensor lb_tensor_sub(lb_tensor a, lb_tensor b, lb_scalar alpha) { LB_RETURN_TENSOR(at::sub(T(a), T(b), lb::S(alpha))) }
lb_tensor lb_tensor_add_scalar(lb_tensor a, lb_scalar b, lb_scalar alpha) {
  LB_RETURN_TENSOR(at::add(T(a), lb::S(b), lb::S(alpha)))
}
lb_tensor lb_tensor_sub_scalar(lb_tensor a, lb_scalar b, lb_scalar alpha) {
  LB_RETURN_TENSOR(at::sub(T(a), lb::S(b), lb::S(alpha)))
}
lb_tensor lb_tensor_rsub_scalar(lb_tensor a, lb_scalar b) { LB_RETURN_TENSOR(at::rsub(T(a), lb::S(b))) }
lb_tensor lb_tensor_rdiv_scalar(lb_tensor a, lb_scalar b) { LB_RETURN_TENSOR(at::reciprocal(T(a)).mul_(lb::S(b))) }
lb_tensor lb_tensor_rpow_scalar(lb_tensor a, lb_scalar b) { LB_RETURN_TENSOR(at::pow(lb::S(b), T(a))) }
lb_tensor lb_tensor_clamp(lb_tensor a, const double* min, const double* max) {
  LB_RETURN_TENSOR(at::clamp(T(a), maybe_scalar(min), maybe_scalar(max)))
}
lb_tensor lb_tensor_clamp_tensor(lb_tensor a, lb_tensor min, lb_tensor max) {
  LB_RETURN_TENSOR(at::clamp(T(a), lb::opt(min), lb::opt(max)))
}
lb_tensor lb_tensor_where(lb_tensor cond, lb_tensor a, lb_tensor b) { LB_RETURN_TENSOR(at::where(T(cond), T(a), T(b))) }
lb_tensor lb_tensor_lerp(lb_tensor a, lb_tensor b, lb_scalar w) { LB_RETURN_TENSOR(at::lerp(T(a), T(b), lb::S(w))) }
lb_tensor lb_tensor_addmm(lb_tensor self, lb_tensor a, lb_tensor b, lb_scalar beta, lb_scalar alpha) {
  LB_RETURN_TENSOR(at::addmm(T(self), T(a), T(b), lb::S(beta), lb::S(alpha)))
}
lb_tensor lb_tensor_einsum(const char* equation, const lb_tensor* operands, int n) {
  LB_RETURN_TENSOR(at::einsum(equation, tensors(operands, n)))
}
lb_tensor lb_tensor_to(lb_tensor a, int dtype, int device_type, int device_index, int copy) {
  LB_TRY
  at::Tensor& t = T(a);
  at::ScalarType st = dtype < 0 ? t.scalar_type() : static_cast<at::ScalarType>(dtype);
  at::Device device = device_type < 0
                          ? t.device()
                          : at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
  return wrap(t.to(device, st, /*non_blocking=*/false, copy != 0));
  LB_CATCH(nullptr)
}
int lb_tensor_allclose(lb_tensor a, lb_tensor b, double rtol, double atol, int equal_nan, int* result) {
  LB_RETURN_STATUS(*result = at::allclose(T(a), T(b), rtol, atol, equal_nan != 0) ? 1 : 0)
}
int lb_tensor_equal(lb_tensor a, lb_tensor b, int* result) { LB_RETURN_STATUS(*result = at::equal(T(a), T(b)) ? 1 : 0) }

/* ---- in-place ---- */
int lb_tensor_add_(lb_tensor a, lb_tensor b, lb_scalar alpha) { LB_RETURN_STATUS(T(a).add_(T(b), lb::S(alpha))) }
int lb_tensor_add_scalar_(lb_tensor a, lb_scalar b) { LB_RETURN_STATUS(T(a).add_(lb::S(b))) }
int lb_tensor_mul_(lb_tensor a, lb_tensor b) { LB_RETURN_STATUS(T(a).mul_(T(b))) }
int lb_tensor_mul_scalar_(lb_tensor a, lb_scalar b) { LB_RETURN_STATUS(T(a).mul_(lb::S(b))) }
int lb_tensor_div_scalar_(lb_tensor a, lb_scalar b) { LB_RETURN_STATUS(T(a).div_(lb::S(b))) }
int lb_tensor_copy_(lb_tensor dst, lb_tensor src) { LB_RETURN_STATUS(T(dst).copy_(T(src))) }
int lb_tensor_fill_(lb_tensor a, lb_scalar value) { LB_RETURN_STATUS(T(a).fill_(lb::S(value))) }
int lb_tensor_zero_(lb_tensor a) { LB_RETURN_STATUS(T(a).zero_()) }
int lb_tensor_clamp_(lb_tensor a, const double* min, const double* max) {
  LB_RETURN_STATUS(T(a).clamp_(maybe_scalar(min), maybe_scalar(max)))
}
int lb_tensor_uniform_(lb_tensor a, double from, double to, lb_generator g) {
  LB_RETURN_STATUS(T(a).uniform_(from, to, lb::gen(g)))
}
int lb_tensor_normal_(lb_tensor a, double mean, double std, lb_generator g) {
  LB_RETURN_STATUS(T(a).normal_(mean, std, lb::gen(g)))
}
int lb_tensor_bernoulli_(lb_tensor a, double p, lb_generator g) { LB_RETURN_STATUS(T(a).bernoulli_(p, lb::gen(g))) }
int lb_tensor_masked_fill_(lb_tensor a, lb_tensor mask, lb_scalar value) {
  LB_RETURN_STATUS(T(a).masked_fill_(T(mask), lb::S(value)))
}
int lb_tensor_index_put_(lb_tensor a, const lb_index* idx, int n, lb_tensor value) {
  LB_RETURN_STATUS(T(a).index_put_(lb::indices(idx, n), T(value)))
}
int lb_tensor_index_put_scalar_(lb_tensor a, const lb_index* idx, int n, lb_scalar value) {
  LB_RETURN_STATUS(T(a).index_put_(lb::indices(idx, n), lb::S(value)))
}

/* ---- reductions ---- */
lb_tensor lb_tensor_sum(lb_tensor a, const int64_t* d, int nd, int keepdim, int dtype) {
  LB_TRY
  if (nd == 0) return wrap(at::sum(T(a), maybe_dtype(dtype)));
  return wrap(at::sum(T(a), lb::dims(d, nd), keepdim != 0, maybe_dtype(dtype)));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_mean(lb_tensor a, const int64_t* d, int nd, int keepdim) {
  LB_TRY
  if (nd == 0) return wrap(at::mean(T(a)));
  return wrap(at::mean(T(a), lb::dims(d, nd), keepdim != 0));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_prod(lb_tensor a, int64_t dim, int has_dim, int keepdim) {
  LB_TRY
  if (!has_dim) return wrap(at::prod(T(a)));
  return wrap(at::prod(T(a), dim, keepdim != 0));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_var(lb_tensor a, const int64_t* d, int nd, int64_t correction, int keepdim) {
  LB_TRY
  at::OptionalIntArrayRef dd = nd == 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(lb::dims(d, nd));
  return wrap(at::var(T(a), dd, correction, keepdim != 0));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_std(lb_tensor a, const int64_t* d, int nd, int64_t correction, int keepdim) {
  LB_TRY
  at::OptionalIntArrayRef dd = nd == 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(lb::dims(d, nd));
  return wrap(at::std(T(a), dd, correction, keepdim != 0));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_amax(lb_tensor a, const int64_t* d, int nd, int keepdim) {
  LB_RETURN_TENSOR(at::amax(T(a), lb::dims(d, nd), keepdim != 0))
}
lb_tensor lb_tensor_amin(lb_tensor a, const int64_t* d, int nd, int keepdim) {
  LB_RETURN_TENSOR(at::amin(T(a), lb::dims(d, nd), keepdim != 0))
}
lb_tensor lb_tensor_logsumexp(lb_tensor a, const int64_t* d, int nd, int keepdim) {
  LB_RETURN_TENSOR(at::logsumexp(T(a), lb::dims(d, nd), keepdim != 0))
}
lb_tensor lb_tensor_norm(lb_tensor a, double p, const int64_t* d, int nd, int keepdim) {
  LB_TRY
  if (nd == 0) return wrap(at::norm(T(a), at::Scalar(p)));
  return wrap(at::norm(T(a), at::Scalar(p), lb::dims(d, nd), keepdim != 0));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_all(lb_tensor a, int64_t dim, int has_dim, int keepdim) {
  LB_TRY
  if (!has_dim) return wrap(at::all(T(a)));
  return wrap(at::all(T(a), dim, keepdim != 0));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_any(lb_tensor a, int64_t dim, int has_dim, int keepdim) {
  LB_TRY
  if (!has_dim) return wrap(at::any(T(a)));
  return wrap(at::any(T(a), dim, keepdim != 0));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_argmax(lb_tensor a, int64_t dim, int has_dim, int keepdim) {
  LB_RETURN_TENSOR(at::argmax(T(a), maybe_dim(dim, has_dim), keepdim != 0))
}
lb_tensor lb_tensor_argmin(lb_tensor a, int64_t dim, int has_dim, int keepdim) {
  LB_RETURN_TENSOR(at::argmin(T(a), maybe_dim(dim, has_dim), keepdim != 0))
}
lb_tensor lb_tensor_count_nonzero(lb_tensor a, const int64_t* d, int nd) {
  LB_RETURN_TENSOR(at::count_nonzero(T(a), lb::dims(d, nd)))
}
int lb_tensor_max_dim(lb_tensor a, int64_t dim, int keepdim, lb_tensor* values, lb_tensor* indices) {
  LB_TRY return emit_pair(at::max(T(a), dim, keepdim != 0), values, indices); LB_CATCH(-1)
}
int lb_tensor_min_dim(lb_tensor a, int64_t dim, int keepdim, lb_tensor* values, lb_tensor* indices) {
  LB_TRY return emit_pair(at::min(T(a), dim, keepdim != 0), values, indices); LB_CATCH(-1)
}
int lb_tensor_sort(lb_tensor a, int64_t dim, int descending, int stable, lb_tensor* values, lb_tensor* indices) {
  LB_TRY return emit_pair(at::sort(T(a), stable != 0, dim, descending != 0), values, indices); LB_CATCH(-1)
}
int lb_tensor_topk(lb_tensor a, int64_t k, int64_t dim, int largest, int sorted, lb_tensor* values, lb_tensor* indices) {
  LB_TRY return emit_pair(at::topk(T(a), k, dim, largest != 0, sorted != 0), values, indices); LB_CATCH(-1)
}
lb_tensor lb_tensor_cumsum(lb_tensor a, int64_t dim) { LB_RETURN_TENSOR(at::cumsum(T(a), dim)) }
lb_tensor lb_tensor_cumprod(lb_tensor a, int64_t dim) { LB_RETURN_TENSOR(at::cumprod(T(a), dim)) }
lb_tensor lb_tensor_argsort(lb_tensor a, int64_t dim, int descending) {
  LB_RETURN_TENSOR(at::argsort(T(a), dim, descending != 0))
}
lb_tensor lb_tensor_bincount(lb_tensor a, lb_tensor weights, int64_t minlength) {
  LB_RETURN_TENSOR(at::bincount(T(a), lb::opt(weights), minlength))
}
lb_tensor lb_tensor_histc(lb_tensor a, int64_t bins, double min, double max) {
  LB_RETURN_TENSOR(at::histc(T(a), bins, min, max))
}

/* ---- shape, joining, indexing ---- */
lb_tensor lb_tensor_reshape(lb_tensor a, const int64_t* s, int n) { LB_RETURN_TENSOR(T(a).reshape(lb::dims(s, n))) }
lb_tensor lb_tensor_view(lb_tensor a, const int64_t* s, int n) { LB_RETURN_TENSOR(T(a).view(lb::dims(s, n))) }
lb_tensor lb_tensor_expand(lb_tensor a, const int64_t* s, int n) { LB_RETURN_TENSOR(T(a).expand(lb::dims(s, n))) }
lb_tensor lb_tensor_repeat(lb_tensor a, const int64_t* r, int n) { LB_RETURN_TENSOR(T(a).repeat(lb::dims(r, n))) }
lb_tensor lb_tensor_permute(lb_tensor a, const int64_t* d, int n) { LB_RETURN_TENSOR(T(a).permute(lb::dims(d, n))) }
lb_tensor lb_tensor_flip(lb_tensor a, const int64_t* d, int n) { LB_RETURN_TENSOR(at::flip(T(a), lb::dims(d, n))) }
lb_tensor lb_tensor_roll(lb_tensor a, const int64_t* shifts, const int64_t* d, int n) {
  LB_RETURN_TENSOR(at::roll(T(a), lb::dims(shifts, n), lb::dims(d, n)))
}
lb_tensor lb_tensor_squeeze(lb_tensor a, int64_t dim, int has_dim) {
  LB_TRY
  if (!has_dim) return wrap(at::squeeze(T(a)));
  return wrap(at::squeeze(T(a), dim));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_unsqueeze(lb_tensor a, int64_t dim) { LB_RETURN_TENSOR(at::unsqueeze(T(a), dim)) }
lb_tensor lb_tensor_transpose(lb_tensor a, int64_t d0, int64_t d1) { LB_RETURN_TENSOR(at::transpose(T(a), d0, d1)) }
lb_tensor lb_tensor_flatten_range(lb_tensor a, int64_t s, int64_t e) { LB_RETURN_TENSOR(at::flatten(T(a), s, e)) }
lb_tensor lb_tensor_narrow(lb_tensor a, int64_t dim, int64_t start, int64_t length) {
  LB_RETURN_TENSOR(at::narrow(T(a), dim, start, length))
}
lb_tensor lb_tensor_select(lb_tensor a, int64_t dim, int64_t index) { LB_RETURN_TENSOR(at::select(T(a), dim, index)) }
lb_tensor lb_tensor_cat(const lb_tensor* ts, int n, int64_t dim) { LB_RETURN_TENSOR(at::cat(tensors(ts, n), dim)) }
lb_tensor lb_tensor_stack(const lb_tensor* ts, int n, int64_t dim) { LB_RETURN_TENSOR(at::stack(tensors(ts, n), dim)) }
int lb_tensor_chunk(lb_tensor a, int64_t chunks, int64_t dim, lb_tensor* out, int capacity) {
  LB_TRY return emit(at::chunk(T(a), chunks, dim), out, capacity); LB_CATCH(-1)
}
int lb_tensor_split(lb_tensor a, int64_t size, int64_t dim, lb_tensor* out, int capacity) {
  LB_TRY return emit(at::split(T(a), size, dim), out, capacity); LB_CATCH(-1)
}
lb_tensor lb_tensor_index(lb_tensor a, const lb_index* idx, int n) { LB_RETURN_TENSOR(T(a).index(lb::indices(idx, n))) }
lb_tensor lb_tensor_index_select(lb_tensor a, int64_t dim, lb_tensor index) {
  LB_RETURN_TENSOR(at::index_select(T(a), dim, T(index)))
}
lb_tensor lb_tensor_gather(lb_tensor a, int64_t dim, lb_tensor index) { LB_RETURN_TENSOR(at::gather(T(a), dim, T(index))) }
lb_tensor lb_tensor_scatter(lb_tensor a, int64_t dim, lb_tensor index, lb_tensor src) {
  LB_RETURN_TENSOR(at::scatter(T(a), dim, T(index), T(src)))
}
lb_tensor lb_tensor_scatter_value(lb_tensor a, int64_t dim, lb_tensor index, lb_scalar value) {
  LB_RETURN_TENSOR(at::scatter(T(a), dim, T(index), lb::S(value)))
}
lb_tensor lb_tensor_scatter_add(lb_tensor a, int64_t dim, lb_tensor index, lb_tensor src) {
  LB_RETURN_TENSOR(at::scatter_add(T(a), dim, T(index), T(src)))
}
lb_tensor lb_tensor_masked_select(lb_tensor a, lb_tensor mask) { LB_RETURN_TENSOR(at::masked_select(T(a), T(mask))) }
lb_tensor lb_tensor_masked_fill(lb_tensor a, lb_tensor mask, lb_scalar value) {
  LB_RETURN_TENSOR(at::masked_fill(T(a), T(mask), lb::S(value)))
}
lb_tensor lb_tensor_tril(lb_tensor a, int64_t diagonal) { LB_RETURN_TENSOR(at::tril(T(a), diagonal)) }
lb_tensor lb_tensor_triu(lb_tensor a, int64_t diagonal) { LB_RETURN_TENSOR(at::triu(T(a), diagonal)) }

}  // extern "C"
