// Lifetime, metadata, global settings, generators and factories.
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/csrc/autograd/function.h>
#include <torch/version.h>
#include <cstdlib>
#include <dlfcn.h>
#include <cstring>

#include "common.h"

namespace lb {
namespace {
thread_local std::string last_error;
thread_local std::string text_buffer;  // backs the const char* returned to the caller
}  // namespace

std::atomic<int64_t> live_tensors{0};

void set_error(const char* message) { last_error = message ? message : ""; }

std::vector<at::indexing::TensorIndex> indices(const lb_index* idx, int n) {
  using namespace at::indexing;
  std::vector<TensorIndex> out;
  out.reserve(static_cast<size_t>(n));
  auto bound = [](int64_t v) -> c10::optional<int64_t> {
    if (v == INT64_MIN) return c10::nullopt;
    return v;
  };
  for (int k = 0; k < n; ++k) {
    const lb_index& i = idx[k];
    switch (i.kind) {
      case 0: out.emplace_back(None); break;
      case 1: out.emplace_back(Ellipsis); break;
      case 2: out.emplace_back(i.start); break;
      case 3: out.emplace_back(Slice(bound(i.start), bound(i.stop), bound(i.step))); break;
      case 4: out.emplace_back(T(i.tensor)); break;
      case 5: out.emplace_back(i.start != 0); break;
      default: throw std::invalid_argument("unknown index kind " + std::to_string(i.kind));
    }
  }
  return out;
}

static const char* keep(std::string s) {
  text_buffer = std::move(s);
  return text_buffer.c_str();
}

}  // namespace lb

using lb::T;
using lb::wrap;

extern "C" {

const char* lb_last_error(void) { return lb::last_error.c_str(); }
int64_t lb_live_tensors(void) { return lb::live_tensors.load(std::memory_order_relaxed); }

int lb_set_env(const char* name, const char* value) { return setenv(name, value, 1); }

const char* lb_torch_version(void) {
  LB_TRY
  return lb::keep(std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                  std::to_string(TORCH_VERSION_PATCH));
  LB_CATCH(nullptr)
}

const char* lb_build_config(void) { LB_TRY return lb::keep(at::show_config()); LB_CATCH(nullptr) }
// Looked up at run time: libtorch may be built against another BLAS, which has no such function.
const char* lb_blas_core(void) {
  using getter = const char* (*)();
  auto get = reinterpret_cast<getter>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  return get != nullptr ? get() : nullptr;
}

int lb_cuda_is_available(void) { LB_TRY return at::hasCUDA() ? 1 : 0; LB_CATCH(0) }
int lb_cuda_device_count(void) {
  LB_TRY
  return at::hasCUDA() ? static_cast<int>(at::detail::getCUDAHooks().getNumGPUs()) : 0;
  LB_CATCH(0)
}

void lb_manual_seed(uint64_t seed) {
  try {
    auto g = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(g.mutex());
    g.set_current_seed(seed);
    if (at::hasCUDA()) {
      for (int i = 0; i < lb_cuda_device_count(); ++i) {
        auto cg = at::globalContext().defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
        std::lock_guard<std::mutex> clock(cg.mutex());
        cg.set_current_seed(seed);
      }
    }
  } catch (const std::exception& e) {
    lb::set_error(e.what());
  }
}

namespace {
// libtorch sizes its OpenMP pool, but matrix products run on OpenBLAS's own thread pool, which
// otherwise stays at one thread per core and competes with the OpenMP workers. Found at run time
// so that a libtorch built against another BLAS (or MKL) needs nothing.
void set_blas_threads(int n) {
  using setter = void (*)(int);
  if (auto set = reinterpret_cast<setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(n);
}
}  // namespace

int lb_set_num_threads(int n) {
  LB_TRY
  at::set_num_threads(n);
  set_blas_threads(n);
  return 0;
  LB_CATCH(-1)
}
int lb_get_num_threads(void) { return at::get_num_threads(); }
int lb_use_deterministic_algorithms(int enabled) {
  LB_RETURN_STATUS(at::globalContext().setDeterministicAlgorithms(enabled != 0, /*warn_only=*/false))
}
int lb_grad_set_enabled(int enabled) {
  bool previous = at::GradMode::is_enabled();
  at::GradMode::set_enabled(enabled != 0);
  return previous ? 1 : 0;
}
int lb_grad_is_enabled(void) { return at::GradMode::is_enabled() ? 1 : 0; }

/* ---- generators ---- */
lb_generator lb_generator_new(uint64_t seed, int device_type, int device_index) {
  LB_TRY
  at::Device device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
  // Cloning the device's default generator gives a generator of the right kind for any build
  // (CPU or CUDA) without device-specific headers; it is then reseeded and fully independent.
  at::Generator g = device.is_cpu() ? at::detail::createCPUGenerator(seed)
                                    : at::globalContext().defaultGenerator(device).clone();
  g.set_current_seed(seed);
  return new at::Generator(std::move(g));
  LB_CATCH(nullptr)
}
void lb_generator_free(lb_generator g) { delete static_cast<at::Generator*>(g); }
int lb_generator_set_seed(lb_generator g, uint64_t seed) {
  LB_RETURN_STATUS(static_cast<at::Generator*>(g)->set_current_seed(seed))
}
uint64_t lb_generator_initial_seed(lb_generator g) { return static_cast<at::Generator*>(g)->current_seed(); }
lb_tensor lb_generator_get_state(lb_generator g) { LB_RETURN_TENSOR(static_cast<at::Generator*>(g)->get_state()) }
int lb_generator_set_state(lb_generator g, lb_tensor state) {
  LB_RETURN_STATUS(static_cast<at::Generator*>(g)->set_state(T(state)))
}

/* ---- lifetime and metadata ---- */
void lb_tensor_free(lb_tensor t) {
  if (t == nullptr) return;
  delete static_cast<at::Tensor*>(t);
  lb::live_tensors.fetch_sub(1, std::memory_order_relaxed);
}
int lb_tensor_dim(lb_tensor t) { LB_TRY return static_cast<int>(T(t).dim()); LB_CATCH(-1) }
int lb_tensor_shape(lb_tensor t, int64_t* out, int capacity) {
  LB_TRY
  auto sizes = T(t).sizes();
  int n = static_cast<int>(sizes.size());
  for (int i = 0; i < n && i < capacity; ++i) out[i] = sizes[i];
  return n;
  LB_CATCH(-1)
}
int lb_tensor_size(lb_tensor t, int64_t dim, int64_t* out) { LB_RETURN_STATUS(*out = T(t).size(dim)) }
int64_t lb_tensor_numel(lb_tensor t) { LB_TRY return T(t).numel(); LB_CATCH(-1) }
int lb_tensor_dtype(lb_tensor t) { LB_TRY return static_cast<int>(T(t).scalar_type()); LB_CATCH(-1) }
int lb_tensor_device(lb_tensor t, int* type, int* index) {
  LB_TRY
  auto d = T(t).device();
  *type = static_cast<int>(d.type());
  *index = d.index();
  return 0;
  LB_CATCH(-1)
}
int lb_tensor_is_contiguous(lb_tensor t) { LB_TRY return T(t).is_contiguous() ? 1 : 0; LB_CATCH(-1) }
int lb_tensor_requires_grad(lb_tensor t) { LB_TRY return T(t).requires_grad() ? 1 : 0; LB_CATCH(-1) }
int lb_tensor_set_requires_grad(lb_tensor t, int requires_grad) {
  LB_RETURN_STATUS(T(t).set_requires_grad(requires_grad != 0))
}
int lb_tensor_is_leaf(lb_tensor t) { LB_TRY return T(t).is_leaf() ? 1 : 0; LB_CATCH(-1) }
int lb_tensor_set_data(lb_tensor t, lb_tensor source) { LB_RETURN_STATUS(T(t).set_data(T(source))) }
int lb_tensor_item(lb_tensor t, double* value) { LB_RETURN_STATUS(*value = T(t).item<double>()) }
int lb_tensor_item_long(lb_tensor t, int64_t* value) { LB_RETURN_STATUS(*value = T(t).item<int64_t>()) }

int lb_tensor_copy_to(lb_tensor t, void* dst, int64_t nbytes) {
  LB_TRY
  at::Tensor src = T(t).detach().to(at::kCPU).contiguous();
  int64_t size = static_cast<int64_t>(src.numel() * src.element_size());
  if (size != nbytes)
    throw std::invalid_argument("copy_to: destination holds " + std::to_string(nbytes) + " bytes but the tensor has " +
                                std::to_string(size));
  if (size > 0) std::memcpy(dst, src.data_ptr(), static_cast<size_t>(size));
  return 0;
  LB_CATCH(-1)
}

const char* lb_tensor_to_string(lb_tensor t) {
  LB_TRY
  std::ostringstream s;
  s << T(t);
  return lb::keep(s.str());
  LB_CATCH(nullptr)
}

const char* lb_tensor_grad_fn_name(lb_tensor t) {
  LB_TRY
  const auto& node = T(t).grad_fn();
  return lb::keep(node == nullptr ? std::string() : node->name());
  LB_CATCH(nullptr)
}

/* ---- factories ---- */
lb_tensor lb_tensor_from_data(const void* data, const int64_t* shape, int ndim, int dtype, int device_type,
                              int device_index) {
  LB_TRY
  auto cpu = at::empty(lb::dims(shape, ndim), lb::options(dtype, 0, -1));
  if (cpu.numel() > 0) std::memcpy(cpu.data_ptr(), data, static_cast<size_t>(cpu.numel() * cpu.element_size()));
  if (device_type == 0) return wrap(cpu);
  return wrap(cpu.to(at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index))));
  LB_CATCH(nullptr)
}
lb_tensor lb_tensor_empty(const int64_t* shape, int ndim, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::empty(lb::dims(shape, ndim), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_zeros(const int64_t* shape, int ndim, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::zeros(lb::dims(shape, ndim), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_ones(const int64_t* shape, int ndim, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::ones(lb::dims(shape, ndim), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_full(const int64_t* shape, int ndim, lb_scalar value, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::full(lb::dims(shape, ndim), lb::S(value), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_arange(lb_scalar start, lb_scalar end, lb_scalar step, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::arange(lb::S(start), lb::S(end), lb::S(step), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_linspace(double start, double end, int64_t steps, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::linspace(start, end, steps, lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_eye(int64_t n, int dtype, int dt, int di) { LB_RETURN_TENSOR(at::eye(n, lb::options(dtype, dt, di))) }
lb_tensor lb_tensor_rand(const int64_t* shape, int ndim, lb_generator g, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::rand(lb::dims(shape, ndim), lb::gen(g), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_randn(const int64_t* shape, int ndim, lb_generator g, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::randn(lb::dims(shape, ndim), lb::gen(g), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, lb_generator g, int dtype, int dt,
                            int di) {
  LB_RETURN_TENSOR(at::randint(low, high, lb::dims(shape, ndim), lb::gen(g), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_randperm(int64_t n, lb_generator g, int dtype, int dt, int di) {
  LB_RETURN_TENSOR(at::randperm(n, lb::gen(g), lb::options(dtype, dt, di)))
}
lb_tensor lb_tensor_full_like(lb_tensor t, lb_scalar value) { LB_RETURN_TENSOR(at::full_like(T(t), lb::S(value))) }
lb_tensor lb_tensor_rand_like(lb_tensor t, lb_generator g) {
  LB_RETURN_TENSOR(at::empty_like(T(t)).uniform_(0.0, 1.0, lb::gen(g)))
}
lb_tensor lb_tensor_randn_like(lb_tensor t, lb_generator g) {
  LB_RETURN_TENSOR(at::empty_like(T(t)).normal_(0.0, 1.0, lb::gen(g)))
}
lb_tensor lb_tensor_bernoulli(lb_tensor probs, lb_generator g) { LB_RETURN_TENSOR(at::bernoulli(T(probs), lb::gen(g))) }
lb_tensor lb_tensor_multinomial(lb_tensor probs, int64_t n, int replacement, lb_generator g) {
  LB_RETURN_TENSOR(at::multinomial(T(probs), n, replacement != 0, lb::gen(g)))
}

}  // extern "C"
