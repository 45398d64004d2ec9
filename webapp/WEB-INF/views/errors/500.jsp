<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Something Went Wrong">
  <h1>Something Went Wrong</h1>
  <p>An unexpected error has occurred. It has been logged; please try again in a moment.</p>
  <p><a href="<c:url value='/index'/>">Back to the home page</a></p>
</t:layout>
